#!/usr/bin/env bash
# Peak RSS of `driftless plan` with a large file in a mounted input directory (see bench/README.md,
# "bench/bigfile.sh"): the same one-service stack planned without and with the file, observed through
# /proc/<pid>/root and through exec. Peak RSS is the kernel's own figure (/usr/bin/time -v, "Maximum
# resident set size", i.e. VmHWM at exit). Prints a table; writes bench/out/bigfile.json.
# Env: BENCH_BIGFILE_SIZE (1500M, truncate(1) syntax), BENCH_BIGFILE_RUNS (3 per cell),
#      BENCH_BIGFILE_DATA=random (write random bytes instead of a sparse file), BENCH_CLI (a driftless
#      command line; default: a Release JIT build in bench/out/jit).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
out=$root/bench/out
stack=$out/bigfile
project=driftless-bigfile
size=${BENCH_BIGFILE_SIZE:-1500M}
runs=${BENCH_BIGFILE_RUNS:-3}
target_mb=50
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

die() { echo "bench/bigfile: $*" >&2; exit 1; }
[[ -x /usr/bin/time ]] || die "needs /usr/bin/time (apt-get install time)"
mkdir -p "$out"

if [[ -n ${BENCH_CLI:-} ]]; then
  read -r -a cli <<<"$BENCH_CLI"
else
  printf '== building the CLI (Release, JIT) into bench/out/jit\n'
  dotnet build "$root/src/Driftless.Cli" -c Release -o "$out/jit" --nologo -v q >"$out/jit-build.log" 2>&1 ||
    { cat "$out/jit-build.log" >&2; die "build failed"; }
  cli=(dotnet "$out/jit/driftless.dll")
fi

teardown
rm -rf "$stack"
mkdir -p "$stack/configs/web"
trap teardown EXIT
printf '<h1>bench</h1>\n' >"$stack/configs/web/index.html"
cat >"$stack/docker-compose.yml" <<'YAML'
services:
  web:
    image: driftless-test/busybox:latest
    init: true
    command: [sleep, "86400"]
    volumes: ["./configs/web:/etc/web:ro"]
YAML
cat >"$stack/driftless.yaml" <<YAML
version: 1
project: $project
compose: {files: [docker-compose.yml]}
services:
  web:
    inputs: [configs/web/]
    apply: restart
    stop_grace: 1s
    verify: {settle: 0s}
YAML
dc up -d >"$out/bigfile-up.log" 2>&1 || { cat "$out/bigfile-up.log" >&2; die "compose up failed"; }

# peak_kb ENV_ASSIGNMENT...: runs plan once; prints its peak RSS in KiB. plan must exit 0 (nothing to do).
peak_kb() {
  local log=$out/bigfile-plan.log rc=0
  env "$@" /usr/bin/time -v "${cli[@]}" plan -f "$stack/driftless.yaml" >"$log" 2>&1 || rc=$?
  [[ $rc -eq 0 ]] || { cat "$log" >&2; die "plan exited $rc"; }
  awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$log"
}

# measure LABEL: adopts the current inputs, then plans N times per observation path; appends JSON lines.
declare -A median
measure() {
  local label=$1 method kbs k start end
  "${cli[@]}" apply -f "$stack/driftless.yaml" >"$out/bigfile-apply.log" 2>&1 || { cat "$out/bigfile-apply.log" >&2; die "apply failed"; }
  for method in proc exec; do
    kbs=()
    start=$EPOCHREALTIME
    for ((i = 0; i < runs; i++)); do
      k=$(peak_kb DRIFTLESS_OBSERVE=$method)
      kbs+=("$k")
    done
    end=$EPOCHREALTIME
    median[$label/$method]=$(printf '%s\n' "${kbs[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    printf '  %-10s %-5s peak RSS KiB: %s (median %s); %.1f s per plan\n' "$label" "$method" "${kbs[*]}" "${median[$label/$method]}" \
      "$(echo "($end - $start) / $runs" | bc -l)"
  done
}

printf '== cpu: %s (%s cores); load: %s\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '== plan, one service, directory mount; %s runs per cell\n' "$runs"
measure without
if [[ ${BENCH_BIGFILE_DATA:-sparse} == random ]]; then
  head -c "$(numfmt --from=iec "$size")" /dev/urandom >"$stack/configs/web/big.bin"
else
  truncate -s "$size" "$stack/configs/web/big.bin"
fi
measure "with-$size"

printf '\n%-6s %12s %12s %10s %s\n' method without with delta "target ≤ ${target_mb} MB"
json="{\"size\":\"$size\",\"runs\":$runs,\"peakRssKiB\":{"
sep=
fail=0
for method in proc exec; do
  a=${median[without/$method]} b=${median[with-$size/$method]}
  delta=$(((b - a) / 1024))
  verdict=ok
  ((delta <= target_mb)) || { verdict=MISSED; fail=1; }
  printf '%-6s %9d MB %9d MB %7d MB %s\n' "$method" $((a / 1024)) $((b / 1024)) "$delta" "$verdict"
  json+="$sep\"$method\":{\"without\":$a,\"with\":$b,\"deltaMB\":$delta}"
  sep=,
done
echo "$json}}" >"$out/bigfile.json"
exit $fail
