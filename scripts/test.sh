#!/usr/bin/env bash
# THE test command: bootstrap the machine, build the solution, run every test project, and print
# one closing line "N passed, N failed[, N skipped]" summed from the TRX files of all projects.
# Exits non-zero when the build fails, any test fails, the test run itself fails, or no test ran.
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Planner").
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDTERMINALLOGGER=off

"$root/scripts/bootstrap.sh"

results=${DRIFTLESS_TEST_RESULTS:-$root/.build/test-results}
rm -rf "$results"
mkdir -p "$results"

echo "== build (Release)"
build_ok=1
dotnet build Driftless.slnx -c Release --nologo -v q -clp:NoSummary || build_ok=0

# One `dotnet test` per test project of the solution, each into its own results directory: the
# TRX file names VSTest generates are only unique to the second, so projects run in one call could
# overwrite each other's. Running them one after the other also keeps the 2-core machines calm.
test_rc=0
if ((build_ok)); then
  mapfile -t projects < <(grep -o 'Path="[^"]*\.csproj"' Driftless.slnx | sed 's/^Path="//; s/"$//' |
    while read -r p; do grep -qE '<IsTestProject>true|Microsoft\.NET\.Test\.Sdk' "$p" && echo "$p"; done)
  ((${#projects[@]})) || echo "test.sh: no test project in Driftless.slnx" >&2
  for proj in "${projects[@]}"; do
    name=$(basename "$proj" .csproj)
    echo "== test $name"
    rc=0
    dotnet test "$proj" -c Release --no-build --nologo -v minimal \
      --results-directory "$results/$name" \
      --logger "trx;LogFileName=$name.trx" \
      --logger "console;verbosity=minimal" \
      --blame-hang-timeout "${DRIFTLESS_TEST_HANG_TIMEOUT:-20m}" \
      "$@" || rc=$?
    if ((rc != 0)); then
      echo "test.sh: dotnet test $name exited $rc" >&2
      test_rc=$rc
    fi
  done
else
  echo "test.sh: BUILD FAILED (errors above); no test was run" >&2
fi

# Sum the TRX counters of every project; the closing line is the last thing printed.
summary_rc=0
python3 - "$results" <<'PY' || summary_rc=$?
import glob, os, sys
import xml.etree.ElementTree as ET
ns = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
passed = failed = skipped = 0
notes = []
files = sorted(glob.glob(os.path.join(sys.argv[1], "**", "*.trx"), recursive=True))
for f in files:
    try:
        tree = ET.parse(f).getroot()
        summary = tree.find(ns + "ResultSummary")
        outcomes = [r.get("outcome", "") for r in tree.iter(ns + "UnitTestResult")]
    except ET.ParseError as e:
        notes.append(f"{os.path.basename(f)}: unreadable TRX ({e})")
        continue
    # Count the per-test results: VSTest leaves Counters/@notExecuted at 0 for skipped xunit tests.
    bad = sum(o in ("Failed", "Error", "Timeout", "Aborted") for o in outcomes)
    passed += sum(o == "Passed" for o in outcomes)
    failed += bad
    skipped += sum(o in ("NotExecuted", "NotRunnable", "Inconclusive", "Disconnected") for o in outcomes)
    if summary is None:
        notes.append(f"{os.path.basename(f)}: no ResultSummary")
        continue
    outcome = summary.get("outcome")
    if outcome in ("Aborted", "Error") or (outcome == "Failed" and bad == 0):
        notes.append(f"{os.path.basename(f)}: run outcome {outcome}")
if passed + failed == 0:
    notes.append(f"no test ran ({len(files)} TRX file(s) in {sys.argv[1]})")
for note in notes:
    print(f"test.sh: {note}", file=sys.stderr, flush=True)
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line, flush=True)
sys.exit(1 if failed or notes else 0)
PY

if ((!build_ok)); then exit 1; fi
if ((test_rc != 0)); then exit "$test_rc"; fi
exit "$summary_rc"
