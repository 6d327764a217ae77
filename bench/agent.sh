#!/usr/bin/env bash
# `driftless agent` benchmarks (see bench/README.md), each with its anchor in the same run:
#   (a) file change -> verified apply, p50/p95 over N changes, for reload_http and restart, with
#       wait.min 0 and 500ms. Anchor: wait.min itself (target for reload_http: <= wait.min + 50 ms).
#       Latency = the verified event's timestamp (recorded after verification) - the rename's time.
#   (b) an idle agent with 20 services over S seconds: CPU % and max RSS (target <= 0.5 %, <= 60 MiB).
#   (c) 100 managed containers converged from nothing, then after an image change (graceful replace):
#       seconds and containers/s. Anchor: 100 sequential `docker run -d` of the same image.
# Writes bench/out/agent.json. Env: BENCH_CHANGES (50), BENCH_IDLE_SECONDS (60), BENCH_MANAGED (100),
#      BENCH_AGENT_PORT (18590: this port and the next two on 127.0.0.1 must be free), BENCH_ONLY=a|b|c.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
out=$root/bench/out
work=$out/agent
changes=${BENCH_CHANGES:-50}
idle_seconds=${BENCH_IDLE_SECONDS:-60}
managed=${BENCH_MANAGED:-100}
port0=${BENCH_AGENT_PORT:-18590}
only=${BENCH_ONLY:-}
image=driftless-test/busybox:latest
reloader=driftless-test/reloader:latest
py=$root/bench/agent_bench.py
say() { printf '\n== %s\n' "$*"; }
die() { printf 'bench: ERROR: %s\n' "$*" >&2; exit 1; }
now_ms() { local t=$EPOCHREALTIME; echo $(( ${t/./} / 1000 )); }

"$root/scripts/bootstrap.sh" >/dev/null
"$root/driftless" --help >/dev/null   # builds the CLI (native when possible) when sources changed
if [[ -x $root/.build/cli/driftless ]]; then cli=("$root/.build/cli/driftless"); else cli=(dotnet "$root/.build/cli/driftless.dll"); fi

agent_pid=
cleanup() {
  [[ -z $agent_pid ]] || { kill "$agent_pid" 2>/dev/null || true; wait "$agent_pid" 2>/dev/null || true; }
  local ids
  ids=$(docker ps -aq --filter "name=^dlbench-" ; docker ps -aq --filter "label=io.driftless.managed=dlbench-managed" ; docker ps -aq --filter label=io.driftless.managed | xargs -r docker inspect -f '{{.Id}} {{index .Config.Labels "io.driftless.managed"}}' | awk '$2 ~ /^dlbench-managed\// {print $1}')
  [[ -z $ids ]] || docker rm -f $ids >/dev/null 2>&1 || true
  docker rmi driftless-bench/busybox:v2 >/dev/null 2>&1 || true
}
trap cleanup EXIT
cleanup
rm -rf "$work"
mkdir -p "$work"
results=()

# start_agent DIR PORT: runs `driftless agent` in the background and waits for its first converged pass.
start_agent() {
  "${cli[@]}" agent -f "$1/driftless.yaml" --listen "127.0.0.1:$2" >"$1/agent.log" 2>&1 &
  agent_pid=$!
  python3 "$py" wait-pass "$2" 120 || { cat "$1/agent.log" >&2; die "agent did not converge"; }
}
stop_agent() { kill "$agent_pid"; wait "$agent_pid" || true; agent_pid=; }

# --- (a) change -> verified ---------------------------------------------------------------------
if [[ -z $only || $only == a ]]; then
  for min in 0s 500ms; do
    dir=$work/latency-$min
    port=$((port0 + 1)); rl_port=$((port0 + 2))
    mkdir -p "$dir/configs/rl" "$dir/configs/rs"
    printf 'name = rl\nmarker = 0\n' >"$dir/configs/rl/app.conf"
    printf 'name = rs\nmarker = 0\n' >"$dir/configs/rs/app.conf"
    docker run -d --name dlbench-rl --init -p "127.0.0.1:$rl_port:8080" -v "$dir/configs/rl:/etc/app:ro" "$reloader" >/dev/null
    docker run -d --name dlbench-rs --init -v "$dir/configs/rs:/etc/app:ro" "$reloader" >/dev/null
    cat >"$dir/driftless.yaml" <<YAML
version: 1
project: dlbench-agent
wait: {min: $min, max: 5s}
services:
  rl:
    container: dlbench-rl
    inputs: [configs/rl/]
    apply: reload_http
    reload: {url: "http://127.0.0.1:$rl_port/cgi-bin/reload"}
    verify: {settle: 0s}
  rs:
    container: dlbench-rs
    inputs: [configs/rs/]
    apply: restart
    stop_grace: 2s
    verify: {settle: 0s}
YAML
    say "(a) change -> verified, wait.min $min, $changes changes per service"
    start_agent "$dir" "$port"
    for s in rl rs; do
      python3 "$py" latency "$dir" "$port" "$s" "$changes" "$work/latency-$min-$s.json"
      results+=("$work/latency-$min-$s.json")
    done
    stop_agent
    docker rm -f dlbench-rl dlbench-rs >/dev/null
  done
fi

# --- (b) idle ------------------------------------------------------------------------------------
if [[ -z $only || $only == b ]]; then
  dir=$work/idle
  mkdir -p "$dir"
  { printf 'version: 1\nproject: dlbench-idle\nservices:\n'; } >"$dir/driftless.yaml"
  for i in $(seq -w 1 20); do
    mkdir -p "$dir/configs/s$i"
    printf 'n = %s\n' "$i" >"$dir/configs/s$i/app.conf"
    docker run -d --name "dlbench-idle-$i" --init -v "$dir/configs/s$i:/etc/app:ro" "$image" sleep 3600 >/dev/null
    printf '  s%s:\n    container: dlbench-idle-%s\n    inputs: [configs/s%s/]\n    apply: restart\n' "$i" "$i" "$i" >>"$dir/driftless.yaml"
  done
  say "(b) idle agent, 20 services, ${idle_seconds}s (default 30s tick)"
  start_agent "$dir" "$port0"
  sleep 2
  python3 "$py" idle "$agent_pid" "$idle_seconds" "$work/idle.json"
  results+=("$work/idle.json")
  stop_agent
  docker rm -f $(docker ps -aq --filter "name=^dlbench-idle-") >/dev/null
fi

# --- (c) 100 managed containers --------------------------------------------------------------------
if [[ -z $only || $only == c ]]; then
  dir=$work/managed
  mkdir -p "$dir"
  write_registry() {   # IMAGE
    { printf 'version: 1\nproject: dlbench-managed\nservices:\n'
      for i in $(seq -w 1 "$managed"); do
        printf '  m%s:\n    managed:\n      image: %s\n      command: [sh, -c, "trap \x27exit 0\x27 TERM; sleep 3600 & wait"]\n      env: {INDEX: "%s"}\n      stop_grace: 5s\n    inputs: []\n    apply: recreate\n    verify: {settle: 0s}\n' "$i" "$1" "$i"
      done; } >"$dir/driftless.yaml"
  }
  say "(c) $managed managed containers"
  t0=$(now_ms)
  for i in $(seq -w 1 "$managed"); do docker run -d --name "dlbench-anchor-$i" "$image" sh -c "trap 'exit 0' TERM; sleep 3600 & wait" >/dev/null; done
  anchor_ms=$(( $(now_ms) - t0 ))
  docker rm -f $(docker ps -aq --filter "name=^dlbench-anchor-") >/dev/null
  write_registry "$image"
  t0=$(now_ms); "${cli[@]}" apply -f "$dir/driftless.yaml" >"$dir/create.log" 2>&1 || { tail "$dir/create.log" >&2; die "create apply failed"; }
  create_ms=$(( $(now_ms) - t0 ))
  docker tag "$image" driftless-bench/busybox:v2
  write_registry driftless-bench/busybox:v2
  t0=$(now_ms); "${cli[@]}" apply -f "$dir/driftless.yaml" >"$dir/replace.log" 2>&1 || { tail "$dir/replace.log" >&2; die "replace apply failed"; }
  replace_ms=$(( $(now_ms) - t0 ))
  running=$(docker ps -q --filter "label=io.driftless.managed" | xargs -r docker inspect -f '{{index .Config.Labels "io.driftless.managed"}} {{.Config.Image}}' | grep -c '^dlbench-managed/.* driftless-bench/busybox:v2$' || true)
  [[ $running == "$((10#$managed))" ]] || die "expected $managed replaced containers running, found $running"
  python3 - "$work/managed.json" "$managed" "$anchor_ms" "$create_ms" "$replace_ms" <<'PY'
import json, sys
out, n, anchor, create, replace = sys.argv[1], int(sys.argv[2]), *map(int, sys.argv[3:])
r = {"containers": n, "anchor_docker_run_s": anchor / 1000, "create_s": create / 1000, "replace_s": replace / 1000,
     "create_per_s": round(n / (create / 1000), 1), "replace_per_s": round(n / (replace / 1000), 1),
     "anchor_per_s": round(n / (anchor / 1000), 1)}
json.dump(r, open(out, "w")); print(json.dumps(r))
PY
  results+=("$work/managed.json")
fi

python3 - "$out/agent.json" "${results[@]}" <<'PY'
import json, os, sys
merged = {os.path.basename(p)[:-5]: json.load(open(p)) for p in sys.argv[2:]}
json.dump(merged, open(sys.argv[1], "w"), indent=2)
print(json.dumps(merged, indent=2))
PY
