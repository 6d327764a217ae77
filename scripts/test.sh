#!/usr/bin/env bash
# THE test command: bootstrap the machine, build the solution, run every test project, and print
# one closing line "N passed, N failed[, N skipped]" summed from the TRX files of all projects.
# Exits non-zero when the build fails, any test fails, the test run itself fails, or no test ran.
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Planner").
# Before the tests, the NuGet packages of the configuration library are packed, and a test project outside the solution
# consumes them from that folder (see "pack" below); its results count in the closing line like every other project's.
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

# The packages .NET users install: Driftless.Configuration and Driftless.Configuration.AspNetCore, packed from the
# Release build with a version unique to this run into a feed folder of this run. The consumer project (not in the
# solution: it cannot restore before the packages exist) restores them from that feed into a packages folder of this
# run, with package references only: neither a project reference nor a stale package from ~/.nuget/packages can stand in.
package_tests=tests/Driftless.Configuration.PackageTests/Driftless.Configuration.PackageTests.csproj
package_ok=0
package_args=()
if ((build_ok)); then
  echo "== pack (Release)"
  package_root=$root/.build/packages
  package_version="0.0.0-ci.$(date -u +%Y%m%d%H%M%S).$$"
  rm -rf "$package_root"
  mkdir -p "$package_root/feed"
  package_args=(-p:DriftlessPackageVersion="$package_version" -p:DriftlessPackageFeed="$package_root/feed"
    -p:DriftlessPackagesPath="$package_root/restored")
  package_ok=1
  for lib in src/Driftless.Configuration/Driftless.Configuration.csproj \
    src/Driftless.Configuration.AspNetCore/Driftless.Configuration.AspNetCore.csproj; do
    dotnet pack "$lib" -c Release --no-build --nologo -v q -clp:NoSummary \
      -o "$package_root/feed" -p:PackageVersion="$package_version" || package_ok=0
  done
  if ((package_ok)); then
    echo "== build $(basename "$package_tests" .csproj) (restores the packages $package_version)"
    dotnet build "$package_tests" -c Release --nologo -v q -clp:NoSummary "${package_args[@]}" || package_ok=0
  fi
fi

# One `dotnet test` per test project, each into its own results directory: the
# TRX file names VSTest generates are only unique to the second, so projects run in one call could
# overwrite each other's. Running them one after the other also keeps the 2-core machines calm.
test_rc=0
run_tests() { # project, then extra arguments
  local proj=$1 name rc=0
  shift
  name=$(basename "$proj" .csproj)
  echo "== test $name"
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
}
if ((build_ok)); then
  mapfile -t projects < <(grep -o 'Path="[^"]*\.csproj"' Driftless.slnx | sed 's/^Path="//; s/"$//' |
    while read -r p; do grep -qE '<IsTestProject>true|Microsoft\.NET\.Test\.Sdk' "$p" && echo "$p"; done)
  ((${#projects[@]})) || echo "test.sh: no test project in Driftless.slnx" >&2
  for proj in "${projects[@]}"; do
    run_tests "$proj" "$@"
  done
  if ((package_ok)); then
    run_tests "$package_tests" "${package_args[@]}" "$@"
  else
    echo "test.sh: PACK FAILED or the package consumer did not build (errors above); its tests did not run" >&2
    test_rc=1
  fi
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
