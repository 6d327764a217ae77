#!/usr/bin/env bash
# Added latency of a passing `check:` (see bench/README.md), for caddy and nginx, in one run:
#   (a) `driftless apply -s SVC` of a one-line config change, registry WITHOUT a check
#   (b) the same change and apply, registry WITH the check (the service's own validator)
#   (c) a bare `docker run --rm` of the same image, argv and bind mount, with the check container's
#       sandbox flags (no network, read-only root, tmpfs /tmp and /run, 256 MiB, 128 pids, no capabilities)
# Reports the median of N runs of each, added latency b-a, and (b-a)/c (target <= 1.2).
# One compose project `driftless-check` (bench/out/check/); both services use `apply: none` and
# `verify: {settle: 0s}`, so the apply itself is the same cheap step on both sides and b-a is the check.
# Writes bench/out/check.json; tears the project down at the end (also on failure).
# Env: BENCH_RUNS (10).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
out=$root/bench/out
stack=$out/check
times=$out/check-times
project=driftless-check
runs=${BENCH_RUNS:-10}
say() { printf '\n== %s\n' "$*"; }
die() { printf 'bench: ERROR: %s\n' "$*" >&2; exit 1; }

"$root/scripts/bootstrap.sh" >/dev/null
"$root/driftless" --help >/dev/null   # builds the CLI (Release; native when possible) when sources changed
if [[ -x $root/.build/cli/driftless ]]; then cli=("$root/.build/cli/driftless"); else cli=(dotnet "$root/.build/cli/driftless.dll"); fi

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
trap teardown EXIT
teardown
rm -rf "$stack" "$times"
mkdir -p "$stack/configs/caddy" "$stack/configs/nginx" "$times"

# --- services: image, mount, the validator's argv, the config file and a one-line change of it ---
declare -A image=([cd]=driftless-test/caddy:latest [ng]=driftless-test/nginx:latest)
declare -A mount=([cd]=/etc/caddy [ng]=/etc/nginx/conf.d)
declare -A dir=([cd]=configs/caddy [ng]=configs/nginx)
declare -A file=([cd]=configs/caddy/Caddyfile [ng]=configs/nginx/site.conf)
declare -A argv_yaml=([cd]='[caddy, validate, --config, /etc/caddy/Caddyfile, --adapter, caddyfile]' [ng]='[nginx, -t]')
declare -A argv=([cd]='caddy validate --config /etc/caddy/Caddyfile --adapter caddyfile' [ng]='nginx -t')
content() {   # SVC MARKER -> the config file's bytes (the marker is the one line that changes)
  case $1 in
    cd) printf ':8080 {\n\trespond "%s"\n}\n' "$2" ;;
    ng) printf 'server { listen 8080; location / { return 200 "%s\\n"; } }\n' "$2" ;;
  esac
}
change() {    # SVC MARKER: write a temp file beside the config, rename it over (new inode)
  local f=$stack/${file[$1]}
  content "$1" "$2" >"$(dirname "$f")/.next.tmp"
  mv -f "$(dirname "$f")/.next.tmp" "$f"
}
for s in cd ng; do content "$s" "$s-initial" >"$stack/${file[$s]}"; done

cat >"$stack/docker-compose.yml" <<EOF
version: "2.4"
services:
  cd:
    image: ${image[cd]}
    init: true
    volumes: ["./${dir[cd]}/:${mount[cd]}:ro"]
  ng:
    image: ${image[ng]}
    init: true
    volumes: ["./${dir[ng]}/:${mount[ng]}:ro"]
EOF

registry() {   # FILE STATE-DIR WITH-CHECK(0|1)
  { printf 'version: 1\nproject: %s\ncompose:\n  files: [docker-compose.yml]\nstate: %s\nservices:\n' "$project" "$2"
    local s
    for s in cd ng; do
      printf '  %s:\n    inputs: [%s/]\n    apply: none\n    verify: {settle: 0s}\n' "$s" "${dir[$s]}"
      if (($3)); then printf '    check: {exec: %s, timeout: 30s}\n' "${argv_yaml[$s]}"; fi
    done; } >"$1"
}
registry "$stack/nocheck.yaml" .state-nocheck 0
registry "$stack/check.yaml" .state-check 1

say "check: starting project $project (bench/out/check)"
cd "$stack"
dc up -d >"$out/check-up.log" 2>&1 || { cat "$out/check-up.log" >&2; die "docker-compose up failed"; }
for reg in nocheck check; do
  rc=0; "${cli[@]}" apply -f "$reg.yaml" >"$out/check-adopt-$reg.log" 2>&1 || rc=$?
  [[ $rc == 0 ]] || { cat "$out/check-adopt-$reg.log" >&2; die "adopting apply ($reg.yaml) exited $rc"; }
done
change cd probe; change ng probe
rc=0; "${cli[@]}" plan -f check.yaml -o json >"$out/check-plan.json" 2>&1 || rc=$?
[[ $rc == 2 ]] || { cat "$out/check-plan.json" >&2; die "plan of check.yaml exited $rc (expected 2: changes pending)"; }
python3 - "$out/check-plan.json" <<'PY' || die "plan does not show both services as checked applies"
import json, sys
services = json.load(open(sys.argv[1]))["services"]
sys.exit(0 if all(s["action"] == "apply" and s.get("check") is True for s in services) and len(services) == 2 else 1)
PY
echo "  plan -f check.yaml: cd and ng will be checked (action apply, check: true)"

# --- the timed commands ------------------------------------------------------------------------
now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }
bare_flags=(--rm --network none --read-only
  --tmpfs /tmp:rw,noexec,nosuid,nodev,size=16m --tmpfs /run:rw,noexec,nosuid,nodev,size=16m
  --memory 256m --memory-swap 256m --pids-limit 128 --cap-drop ALL --security-opt no-new-privileges)
bare() {   # SVC: the validator in a bare container, with the check container's flags
  local s=$1 words
  read -ra words <<<"${argv[$s]}"
  docker run "${bare_flags[@]}" -v "$stack/${dir[$s]}:${mount[$s]}:ro" --entrypoint "${words[0]}" "${image[$s]}" "${words[@]:1}"
}
# one SVC KIND I: change the config (untimed), time KIND: nocheck | check (driftless apply) | bare.
one() {
  local s=$1 kind=$2 i=$3 t0 t1 rc=0
  change "$s" "$s-$kind-$i-$RANDOM"
  t0=$(now_us)
  case $kind in
    nocheck | check) "${cli[@]}" apply -f "$kind.yaml" -s "$s" >"$times/$s.$kind.$i.log" 2>&1 || rc=$? ;;
    bare) bare "$s" >"$times/$s.$kind.$i.log" 2>&1 || rc=$? ;;
  esac
  t1=$(now_us)
  ((rc == 0)) || { cat "$times/$s.$kind.$i.log" >&2; die "$s $kind run $i exited $rc"; }
  [[ $i == w ]] && return 0
  printf '%s %s %s %s\n' "$s" "$kind" "$i" "$((t1 - t0))" >>"$times/runs.txt"
  printf '  %-2s %-7s run %2s: %7.1f ms\n' "$s" "$kind" "$i" "$(awk -v u=$((t1 - t0)) 'BEGIN { print u / 1000 }')"
}

say "check: N=$runs timed runs of each after one warm-up each, alternating (bash loop, \$EPOCHREALTIME)"
: >"$times/runs.txt"
for s in cd ng; do
  printf '  %s check: %s (image %s, %s mounted at %s)\n' "$s" "${argv[$s]}" "${image[$s]}" "${dir[$s]}/" "${mount[$s]}"
  for kind in nocheck check bare; do one "$s" "$kind" w; done
  for ((i = 1; i <= runs; i++)); do
    for kind in nocheck check bare; do one "$s" "$kind" "$i"; done
  done
done
cd "$root"

# --- results -----------------------------------------------------------------------------------
say "results"
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
python3 - "$times/runs.txt" "$out/check.json" "$runs" "$(nproc)" "$cpu" "$(uptime)" "${bare_flags[*]}" <<'PY'
import json, statistics, subprocess, sys, time
runs_file, dest, runs, nproc, cpu, up, flags = sys.argv[1:8]
data = {}
for line in open(runs_file):
    s, kind, i, us = line.split()
    data.setdefault(s, {}).setdefault(kind, []).append(int(us) / 1e6)
def ver(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[0]
    except Exception:
        return "?"
names = {"cd": ("caddy", "caddy validate --config /etc/caddy/Caddyfile --adapter caddyfile"), "ng": ("nginx", "nginx -t")}
res = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
       "method": "bash loop ($EPOCHREALTIME); nocheck, check and bare runs alternating, one warm-up each",
       "runs": int(runs), "apply": "apply: none, verify: {settle: 0s} on both registries",
       "bare_docker_run_flags": flags,
       "machine": {"nproc": int(nproc), "cpu": cpu, "uptime": up, "docker": ver(["docker", "version", "-f", "{{.Server.Version}}"])},
       "services": {}}
rows = []
for s in ["cd", "ng"]:
    d = {k: {"times_s": v, "median_s": statistics.median(v), "min_s": min(v), "max_s": max(v)} for k, v in data[s].items()}
    a, b, c = d["nocheck"]["median_s"], d["check"]["median_s"], d["bare"]["median_s"]
    added = b - a
    ratio = added / c
    d.update({"service": names[s][0], "check": names[s][1], "added_s": added, "ratio_added_over_bare": ratio,
              "target": "(b - a) / c <= 1.2", "target_met": ratio <= 1.2})
    res["services"][s] = d
    rows.append((names[s][0], a, b, c, added, ratio))
with open(dest, "w") as f:
    json.dump(res, f, indent=2)
print(f"{'service':<8} {'(a) apply':>10} {'(b) apply':>10} {'(c) bare':>10} {'added':>8} {'(b-a)/c':>8}  target <= 1.2")
print(f"{'':<8} {'no check':>10} {'w/ check':>10} {'docker run':>10} {'b-a':>8} {'':>8}")
for name, a, b, c, added, ratio in rows:
    print(f"{name:<8} {a*1000:>8.0f}ms {b*1000:>8.0f}ms {c*1000:>8.0f}ms {added*1000:>6.0f}ms {ratio:>8.2f}  {'MET' if ratio <= 1.2 else 'NOT MET'}")
print(f"(medians of {runs}; (c) = docker run {flags} -v DIR:MOUNT:ro --entrypoint ARGV0 IMAGE ARGS...)")
print(f"nproc: {nproc}   cpu: {cpu}")
print(f"uptime: {up}")
if float(up.rsplit("load average:", 1)[1].split(",")[1]) > int(nproc):
    print(f"warning: 5-min load average above {nproc} cores during the run; numbers are noisy")
print(f"written: {dest}")
PY
teardown
trap - EXIT
