#!/usr/bin/env bash
# Driftless benchmarks; both run with their anchors in the same invocation (see bench/README.md).
#   (a) no-op `driftless apply` vs no-op `docker-compose up -d` on a 10-service stack
#   (b) `driftless hash DIR` vs `find DIR -type f | sort | xargs sha256sum | sha256sum` (~200 MB)
# Prints a table of medians and ratios; writes bench/out/results.json. Generated inputs live in
# bench/out/ (git-ignored). Uses hyperfine when installed, else a bash timing loop.
# Env: BENCH_RUNS_APPLY (10), BENCH_RUNS_HASH (5), BENCH_NO_HYPERFINE=1 (force the bash loop),
#      BENCH_ONLY=a|b (run one benchmark; the other is left out of results.json).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
out=$root/bench/out
stack=$out/stack
tree=$out/tree
times=$out/times
project=driftless-bench
runs_apply=${BENCH_RUNS_APPLY:-10}
runs_hash=${BENCH_RUNS_HASH:-5}
jit=$out/jit/driftless.dll
say() { printf '\n== %s\n' "$*"; }
die() { printf 'bench: ERROR: %s\n' "$*" >&2; exit 1; }

"$root/scripts/bootstrap.sh" >/dev/null
"$root/driftless" --help >/dev/null   # builds the CLI (native when possible) when sources changed
if [[ -x $root/.build/cli/driftless ]]; then cli="$root/.build/cli/driftless"; else cli="dotnet $root/.build/cli/driftless.dll"; fi
mkdir -p "$out"
# The same CLI as a plain JIT build, to show what the native build buys.
dotnet build "$root/src/Driftless.Cli" -c Release -o "$out/jit" --nologo -v q >"$out/jit-build.log" 2>&1 ||
  { cat "$out/jit-build.log" >&2; die "JIT build failed"; }
rm -rf "$times"
mkdir -p "$times"

if [[ -z ${BENCH_NO_HYPERFINE:-} ]] && command -v hyperfine >/dev/null; then
  method="hyperfine $(hyperfine --version | awk '{print $2}')"
else
  method="bash loop (date +%s%N)"
fi

# measure KEY RUNS "COMMAND" : one warm-up run, then RUNS timed runs, in the current directory.
# A command that fails aborts the benchmark (a failing no-op would be a meaningless number).
measure() {
  local key=$1 n=$2 cmd=$3
  printf '  %-26s %s\n' "$key" "$cmd"
  if [[ $method == hyperfine* ]]; then
    hyperfine --style basic --warmup 1 --runs "$n" --export-json "$times/$key.json" "$cmd" >"$times/$key.log" 2>&1 ||
      { cat "$times/$key.log" >&2; die "$key failed"; }
  else
    bash -c "$cmd" >/dev/null 2>&1 || die "$key failed (warm-up): $cmd"
    local i s e list=()
    for ((i = 0; i < n; i++)); do
      s=$(date +%s%N)
      bash -c "$cmd" >/dev/null 2>&1 || die "$key failed: $cmd"
      e=$(date +%s%N)
      list+=("$(((e - s) / 1000))e-6")
    done
    local IFS=,
    printf '{"results":[{"command":"%s","times":[%s]}]}\n' "${cmd//\"/\\\"}" "${list[*]}" >"$times/$key.json"
  fi
}

# ---------------------------------------------------------------------------------------------
if [[ ${BENCH_ONLY:-a} == a ]]; then
say "(a) generating the 10-service stack in bench/out/stack"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
trap teardown EXIT
teardown
rm -rf "$stack"
mkdir -p "$stack/configs"
{
  echo 'version: "2.4"'
  echo 'services:'
  for i in $(seq -w 1 10); do
    cat <<EOF
  s$i:
    image: driftless-test/busybox:latest
    init: true
    command: ["sh", "-c", "while :; do cat /etc/svc/* > /dev/null; sleep 5; done"]
    volumes:
      - ./configs/s$i/:/etc/svc:ro
EOF
  done
} >"$stack/docker-compose.yml"
{
  printf 'version: 1\nproject: %s\ncompose:\n  files: [docker-compose.yml]\nservices:\n' "$project"
  for i in $(seq -w 1 10); do
    mkdir -p "$stack/configs/s$i"
    printf 'name = s%s\nworkers = %d\n' "$i" "$((10#$i * 2))" >"$stack/configs/s$i/service.conf"
    printf '{"feature": %s, "limit": %d}\n' "$([[ $((10#$i % 2)) == 0 ]] && echo true || echo false)" "$((10#$i * 100))" >"$stack/configs/s$i/flags.json"
    if ((10#$i % 2)); then
      printf '  s%s:\n    inputs: [configs/s%s/]\n    apply: restart\n    stop_grace: 1s\n' "$i" "$i"
    else
      printf '  s%s:\n    inputs: [configs/s%s/]\n    apply: recreate\n' "$i" "$i"
    fi
  done
} >"$stack/driftless.yaml"

cd "$stack"
dc up -d >/dev/null 2>&1 || { dc up -d; die "docker-compose up failed"; }
rc=0; $cli apply >"$out/adopt.log" 2>&1 || rc=$?
[[ $rc == 0 ]] || { cat "$out/adopt.log" >&2; die "adopting apply exited $rc"; }
rc=0; $cli plan >"$out/plan.log" 2>&1 || rc=$?
[[ $rc == 0 ]] || { cat "$out/plan.log" >&2; die "plan after adopt exited $rc (expected 0: nothing to do)"; }
echo "  stack up and adopted (driftless plan: nothing to do)"

say "(a) timing no-op runs, N=$runs_apply each ($method)"
measure compose_up "$runs_apply" "docker-compose -p $project up -d"
measure driftless_apply "$runs_apply" "$cli apply"
measure driftless_apply_launcher "$runs_apply" "$root/driftless apply"
measure driftless_apply_jit "$runs_apply" "dotnet $jit apply"
cd "$root"
teardown
trap - EXIT
fi

# ---------------------------------------------------------------------------------------------
if [[ ${BENCH_ONLY:-b} == b ]]; then
say "(b) hash tree: 2,000 files, ~200 MB, deterministic (bench/out/tree)"
params="seed=20261123 files=2000 dirs=20 total=200MiB v1"
if [[ ! -f $out/tree.stamp || $(cat "$out/tree.stamp") != "$params" ]]; then
  rm -rf "$tree" "$out/tree.stamp"
  python3 - "$tree" <<'PY'
import math, os, random, sys
root, rng = sys.argv[1], random.Random(20261123)
files, dirs, total = 2000, 20, 200 * 1024 * 1024
# Log-uniform sizes from 100 B to 2 MiB, scaled to the total: many small files, a few large.
raw = [math.exp(rng.uniform(math.log(100), math.log(2 * 1024 * 1024))) for _ in range(files)]
scale = total / sum(raw)
for i, r in enumerate(raw):
    d = os.path.join(root, f"d{i % dirs:02d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"f{i:04d}.bin"), "wb") as f:
        f.write(rng.randbytes(max(1, int(r * scale))))
PY
  echo "$params" >"$out/tree.stamp"
fi
printf '  %s files, %s\n' "$(find "$tree" -type f | wc -l)" "$(du -sh "$tree" | cut -f1)"

say "(b) timing, N=$runs_hash each after a warm-up run ($method)"
cd "$out"
measure sha256sum_pipeline "$runs_hash" "find tree -type f | sort | xargs sha256sum | sha256sum"
measure driftless_hash "$runs_hash" "$cli hash tree"
cd "$root"
fi

# ---------------------------------------------------------------------------------------------
say "results"
python3 - "$times" "$out/results.json" "$method" "$runs_apply" "$runs_hash" <<'PY'
import json, os, platform, statistics, subprocess, sys, time
tdir, dest, method, runs_apply, runs_hash = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
def load(key):
    with open(os.path.join(tdir, key + ".json")) as f:
        r = json.load(f)["results"][0]
    return {"command": r["command"], "times_s": r["times"], "median_s": statistics.median(r["times"]),
            "min_s": min(r["times"]), "max_s": max(r["times"]), "runs": len(r["times"])}
m = {k: load(k) for k in ["compose_up", "driftless_apply", "driftless_apply_launcher", "driftless_apply_jit",
                          "sha256sum_pipeline", "driftless_hash"]
     if os.path.exists(os.path.join(tdir, k + ".json"))}
med = lambda k: m[k]["median_s"]
def ver(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[0]
    except Exception:
        return "?"
res = {
    "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    "method": method,
    "machine": {"cpus": os.cpu_count(), "kernel": platform.release(),
                "dotnet": ver(["dotnet", "--version"]), "docker_compose": ver(["docker-compose", "version", "--short"]),
                "loadavg_1_5_15_at_end": [round(x, 2) for x in os.getloadavg()]},
}
rows, verdicts = [], []
if "compose_up" in m:
    ratio_dll = med("driftless_apply") / med("compose_up")
    ratio_launcher = med("driftless_apply_launcher") / med("compose_up")
    ratio_jit = med("driftless_apply_jit") / med("compose_up")
    res["noop_apply"] = {
        "services": 10, "runs": runs_apply,
        "compose_up": m["compose_up"], "driftless_apply": m["driftless_apply"],
        "driftless_apply_launcher": m["driftless_apply_launcher"], "driftless_apply_jit": m["driftless_apply_jit"],
        "ratio_vs_compose": ratio_dll, "ratio_launcher_vs_compose": ratio_launcher, "ratio_jit_vs_compose": ratio_jit,
        "launcher_overhead_s": med("driftless_apply_launcher") - med("driftless_apply"),
        "target": "driftless <= 0.2x compose", "target_met": ratio_dll <= 0.2,
    }
    rows += [
        ("(a) docker-compose up -d  (no-op)", "compose_up", "1.00x (anchor)"),
        ("(a) driftless apply (built CLI)", "driftless_apply", f"{ratio_dll:.2f}x compose"),
        ("(a) driftless apply (./driftless)", "driftless_apply_launcher", f"{ratio_launcher:.2f}x compose"),
        ("(a) driftless apply (JIT, dotnet dll)", "driftless_apply_jit", f"{ratio_jit:.2f}x compose"),
    ]
    verdicts.append(f"no-op apply: {ratio_dll:.2f}x compose (target <= 0.2x): {'MET' if ratio_dll <= 0.2 else 'NOT MET'}")
if "sha256sum_pipeline" in m:
    speedup = med("sha256sum_pipeline") / med("driftless_hash")
    res["hash"] = {
        "files": 2000, "bytes_approx": 200 * 1024 * 1024, "runs": runs_hash,
        "sha256sum_pipeline": m["sha256sum_pipeline"], "driftless_hash": m["driftless_hash"],
        "speedup_vs_sha256sum": speedup,
        "target": "driftless >= 3x faster", "target_met": speedup >= 3,
    }
    rows += [
        ("(b) find|sort|xargs sha256sum", "sha256sum_pipeline", "1.00x (anchor)"),
        ("(b) driftless hash (built CLI)", "driftless_hash", f"{speedup:.2f}x faster"),
    ]
    verdicts.append(f"hash:        {speedup:.2f}x faster than sha256sum (target >= 3x): {'MET' if speedup >= 3 else 'NOT MET'}")
with open(dest, "w") as f:
    json.dump(res, f, indent=2)
print(f"{'benchmark':<36} {'median':>9} {'min':>9} {'max':>9}  ratio")
for label, k, r in rows:
    print(f"{label:<36} {med(k)*1000:>7.0f}ms {m[k]['min_s']*1000:>7.0f}ms {m[k]['max_s']*1000:>7.0f}ms  {r}")
print()
for v in verdicts:
    print(v)
load5 = os.getloadavg()[1]
if load5 > (os.cpu_count() or 1):
    print(f"warning: 5-min load average {load5:.1f} > {os.cpu_count()} cores during the run; numbers are noisy")
print(f"written: {dest}")
PY
