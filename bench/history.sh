#!/usr/bin/env bash
# History growth benchmark (see bench/README.md, "bench/history.sh"): state.db size after agent ticks over
# 20 services, through the real ConvergencePass on the unit tests' fake engine and a real SQLite store.
# Prints a table; writes bench/out/history.json. Env: BENCH_TICKS (100000), BENCH_SERVICES (20),
# BENCH_CHANGE_EVERY (2), BENCH_ANCHOR_TICKS (10000).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
out=$root/bench/out
bin=$out/history-bin
mkdir -p "$out"
printf '\n== building bench/history (Release)\n'
dotnet build "$root/bench/history/HistoryBench.csproj" -c Release -o "$bin" --nologo -v q >"$out/history-build.log" 2>&1 ||
  { cat "$out/history-build.log" >&2; echo "bench/history: build failed" >&2; exit 1; }
printf '== cpu: %s; load: %s\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)" "$(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$bin/HistoryBench.dll" "$out/history.json"
