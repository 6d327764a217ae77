#!/usr/bin/env bash
# Registry fuzz corpus benchmark (see bench/README.md, "bench/registry-fuzz.sh"): the fuzz test's seeded corpus of
# malformed and hostile registries through `driftless plan -f` (Release build), total and slowest case.
# Prints a summary; writes bench/out/registry-fuzz.json. Env: BENCH_SEED (the test's seed).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
out=$root/bench/out
bin=$out/registry-fuzz-bin
mkdir -p "$out"
printf '\n== building bench/registry-fuzz (Release)\n'
dotnet build "$root/bench/registry-fuzz/RegistryFuzzBench.csproj" -c Release -o "$bin" --nologo -v q >"$out/registry-fuzz-build.log" 2>&1 ||
  { cat "$out/registry-fuzz-build.log" >&2; echo "bench/registry-fuzz: build failed" >&2; exit 1; }
printf '== cpu: %s (%s cores); load: %s\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$bin/RegistryFuzzBench.dll" "$out/registry-fuzz.json" "$out/registry-fuzz" ${BENCH_SEED:+"$BENCH_SEED"}
