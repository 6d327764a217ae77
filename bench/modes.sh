#!/usr/bin/env bash
# "Change -> verified" per apply mode, each next to its anchor in the same run (see bench/README.md).
# One compose project, five services, one per mode:
#   rl  reloader, directory mount, apply: reload_http  anchor: curl -X POST .../cgi-bin/reload
#   sg  nginx,    directory mount, apply: signal HUP   anchor: docker kill -s HUP + poll until served
#   ex  reloader, directory mount, apply: exec (wget)  anchor: curl -X POST .../cgi-bin/reload
#   rs  reloader, single-file mount, apply: restart    anchor: docker restart
#   rc  reloader, single-file mount, apply: recreate   anchor: docker-compose up -d --no-deps --force-recreate rc
# Every timed run first changes the service's config (write a temp file, rename over: a new inode),
# untimed; then times `driftless apply -s SVC` (must exit 0) or the anchor. Driftless and anchor runs
# alternate. After each run the script checks, untimed, that the service really serves the new
# config ("serve lag": how long after the timed command that took).
# Writes bench/out/modes.json; tears the project down at the end (also on failure).
# Env: BENCH_RUNS (5), BENCH_MODES ("rl sg ex rs rc"), BENCH_MODES_PORT (18570: five ports from
#      here on 127.0.0.1 must be free).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
out=$root/bench/out
stack=$out/modes
times=$out/modes-times
project=driftless-modes
runs=${BENCH_RUNS:-5}
modes=(${BENCH_MODES:-rl sg ex rs rc})
port0=${BENCH_MODES_PORT:-18570}
say() { printf '\n== %s\n' "$*"; }
die() { printf 'bench: ERROR: %s\n' "$*" >&2; exit 1; }

"$root/scripts/bootstrap.sh" >/dev/null
"$root/driftless" --help >/dev/null   # builds the CLI (native when possible) when sources changed
if [[ -x $root/.build/cli/driftless ]]; then cli=("$root/.build/cli/driftless"); else cli=(dotnet "$root/.build/cli/driftless.dll"); fi
command -v curl >/dev/null || die "curl is needed"

declare -A port=([rl]=$port0 [sg]=$((port0 + 1)) [ex]=$((port0 + 2)) [rs]=$((port0 + 3)) [rc]=$((port0 + 4)))
for s in rl sg ex rs rc; do
  if [[ -n $(ss -Hltn "sport = :${port[$s]}" 2>/dev/null) ]]; then
    die "port ${port[$s]} is in use (set BENCH_MODES_PORT to the first of five free ports)"
  fi
done

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
trap teardown EXIT
teardown
rm -rf "$stack" "$times"
mkdir -p "$stack/configs"/{rl,sg,ex,rs,rc} "$times"

# --- config files: what each service serves, and how a run changes it ------------------------
conf_file() { case $1 in sg) echo "$stack/configs/sg/site.conf" ;; *) echo "$stack/configs/$1/app.conf" ;; esac; }
content() {   # SVC MARKER -> the config file's bytes
  case $1 in
    sg) printf 'server { listen 8080; location / { return 200 "%s\\n"; } }\n' "$2" ;;
    *) printf 'name = %s\nmarker = %s\n' "$1" "$2" ;;
  esac
}
change() {    # SVC MARKER: write a temp file beside the config, rename it over (new inode)
  local f
  f=$(conf_file "$1")
  content "$1" "$2" >"$(dirname "$f")/.next.tmp"
  mv -f "$(dirname "$f")/.next.tmp" "$f"
}
served_url() { case $1 in sg) echo "http://127.0.0.1:${port[$1]}/" ;; *) echo "http://127.0.0.1:${port[$1]}/cgi-bin/config" ;; esac; }
# serves SVC MARKER: the service answers with exactly this marker line (nginx: the body; reloader: its loaded config).
serves() {
  local want=$2
  [[ $1 == sg ]] || want="marker = $2"
  curl -s --max-time 1 "$(served_url "$1")" 2>/dev/null | grep -qxF -- "$want"
}
now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }
# wait_served SVC MARKER SECONDS: poll until the service serves MARKER; prints the wait in µs
# (0 when the first GET already answers it).
wait_served() {
  local s=$1 m=$2 limit=$(($3 * 1000000)) t0 t
  t0=$(now_us)
  serves "$s" "$m" && { echo 0; return 0; }
  until serves "$s" "$m"; do
    t=$(now_us)
    ((t - t0 < limit)) || return 1
    sleep 0.005
  done
  echo $(($(now_us) - t0))
}

for s in rl sg ex rs rc; do content "$s" "$s-initial" >"$(conf_file "$s")"; done

cat >"$stack/docker-compose.yml" <<EOF
version: "2.4"
services:
  rl:
    image: driftless-test/reloader:latest
    init: true
    ports: ["127.0.0.1:${port[rl]}:8080"]
    volumes: ["./configs/rl/:/etc/app:ro"]
  sg:
    image: driftless-test/nginx:latest
    init: true
    ports: ["127.0.0.1:${port[sg]}:8080"]
    volumes: ["./configs/sg/:/etc/nginx/conf.d:ro"]
  ex:
    image: driftless-test/reloader:latest
    init: true
    ports: ["127.0.0.1:${port[ex]}:8080"]
    volumes: ["./configs/ex/:/etc/app:ro"]
  rs:
    image: driftless-test/reloader:latest
    init: true
    ports: ["127.0.0.1:${port[rs]}:8080"]
    volumes: ["./configs/rs/app.conf:/etc/app/app.conf:ro"]
  rc:
    image: driftless-test/reloader:latest
    init: true
    ports: ["127.0.0.1:${port[rc]}:8080"]
    volumes: ["./configs/rc/app.conf:/etc/app/app.conf:ro"]
EOF

# Registry entries; `verify: {settle: 0s}` everywhere so restart/recreate are timed like for like
# with their anchors (the default 1s settle window would be added to every run).
entry() {
  case $1 in
    rl) printf '  rl:\n    inputs: [configs/rl/]\n    apply: reload_http\n    reload: {url: "http://127.0.0.1:%s/cgi-bin/reload"}\n    verify: {settle: 0s}\n' "${port[rl]}" ;;
    sg) printf '  sg:\n    inputs: [configs/sg/]\n    apply: signal\n    signal: SIGHUP\n    verify: {settle: 0s}\n' ;;
    ex) printf '  ex:\n    inputs: [configs/ex/]\n    apply: exec\n    exec: [wget, -q, -O-, --post-data=, "http://127.0.0.1:8080/cgi-bin/reload"]\n    verify: {settle: 0s}\n' ;;
    rs) printf '  rs:\n    inputs: [configs/rs/app.conf]\n    apply: restart\n    verify: {settle: 0s}\n' ;;
    rc) printf '  rc:\n    inputs: [configs/rc/app.conf]\n    apply: recreate\n    verify: {settle: 0s}\n' ;;
  esac
}
registry() {   # FILE STATE-DIR SVC...
  local f=$1 st=$2
  shift 2
  { printf 'version: 1\nproject: %s\ncompose:\n  files: [docker-compose.yml]\nstate: %s\nservices:\n' "$project" "$st"
    local s; for s in "$@"; do entry "$s"; done; } >"$f"
}

say "modes: starting project $project (bench/out/modes), ports ${port[rl]}-${port[rc]} on 127.0.0.1"
cd "$stack"
dc up -d >"$out/modes-up.log" 2>&1 || { cat "$out/modes-up.log" >&2; die "docker-compose up failed"; }
for s in rl sg ex rs rc; do
  wait_served "$s" "$s-initial" 20 >/dev/null || { dc logs "$s" >&2; die "$s does not serve its initial config"; }
done

# --- which modes this build of driftless understands -------------------------------------------
# A registry with only that service must load (plan exits 0 or 2); otherwise the mode is reported
# as unsupported and only its anchor is timed.
declare -A why=()
supported=()
for s in "${modes[@]}"; do
  registry "$stack/probe.yaml" .probe "$s"
  rc=0; "${cli[@]}" plan -f "$stack/probe.yaml" >"$out/modes-probe-$s.log" 2>&1 || rc=$?
  if [[ $rc == 0 || $rc == 2 ]]; then
    supported+=("$s")
  else
    why[$s]=$(grep -v '^\s*$' "$out/modes-probe-$s.log" | head -n 1)
    printf '  %s: not supported by this driftless build (plan exited %s): %s\n' "$s" "$rc" "${why[$s]}"
  fi
done
rm -rf "$stack/probe.yaml" "$stack/.probe"
((${#supported[@]})) || die "driftless supports none of: ${modes[*]}"
registry "$stack/driftless.yaml" .driftless "${supported[@]}"
rc=0; "${cli[@]}" apply >"$out/modes-adopt.log" 2>&1 || rc=$?
[[ $rc == 0 ]] || { cat "$out/modes-adopt.log" >&2; die "adopting apply exited $rc"; }
rc=0; "${cli[@]}" plan >"$out/modes-plan.log" 2>&1 || rc=$?
[[ $rc == 0 ]] || { cat "$out/modes-plan.log" >&2; die "plan after adopt exited $rc (expected 0: nothing to do)"; }
echo "  adopted: ${supported[*]} (driftless plan: nothing to do)"

# --- the timed commands ------------------------------------------------------------------------
cid() { dc ps -q "$1"; }
anchor() {   # SVC MARKER: the service's own way, timed by the caller
  case $1 in
    rl | ex) [[ $(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:${port[$1]}/cgi-bin/reload") == 200 ]] ;;
    sg) docker kill -s HUP "$sg_id" >/dev/null || return 1
        local t0; t0=$(now_us)
        until serves sg "$2"; do (($(now_us) - t0 < 15000000)) || return 1; done ;;
    rs) docker restart "$rs_id" >/dev/null ;;
    rc) dc up -d --no-deps --force-recreate rc >/dev/null 2>&1 ;;
  esac
}
anchor_cmd() {
  case $1 in
    rl | ex) echo "curl -X POST http://127.0.0.1:${port[$1]}/cgi-bin/reload" ;;
    sg) echo "docker kill -s HUP <sg> + poll GET / until the new content" ;;
    rs) echo "docker restart <rs>" ;;
    rc) echo "docker-compose -p $project up -d --no-deps --force-recreate rc" ;;
  esac
}
sg_id=$(cid sg)
ex_id=$(cid ex)

# one SVC KIND I: change the config, time KIND (driftless|anchor), check it is served.
one() {
  local s=$1 kind=$2 i=$3 m="$1-$2-$3-$RANDOM" t0 t1 ok=1 lag
  [[ $s == rs ]] && rs_id=$(cid rs)
  change "$s" "$m"
  if [[ $kind == driftless ]]; then
    t0=$(now_us)
    "${cli[@]}" apply -s "$s" >"$times/$s.$kind.$i.log" 2>&1 || ok=0
    t1=$(now_us)
  elif [[ $kind == dockerexec ]]; then   # ex only: the same argv through the docker CLI
    t0=$(now_us)
    docker exec "$ex_id" wget -q -O- --post-data= http://127.0.0.1:8080/cgi-bin/reload >"$times/$s.$kind.$i.log" 2>&1 || ok=0
    t1=$(now_us)
  else
    t0=$(now_us)
    anchor "$s" "$m" >"$times/$s.$kind.$i.log" 2>&1 || ok=0
    t1=$(now_us)
  fi
  lag=$(wait_served "$s" "$m" 15) || lag=-1
  [[ $i == w ]] && { ((ok)) || { cat "$times/$s.$kind.$i.log" >&2; die "$s $kind warm-up failed"; }; return 0; }
  printf '%s %s %s %s %s %s\n' "$s" "$kind" "$i" "$((t1 - t0))" "$ok" "$lag" >>"$times/runs.txt"
  printf '  %-3s %-9s run %s: %7.1f ms%s%s\n' "$s" "$kind" "$i" "$(awk -v u=$((t1 - t0)) 'BEGIN { print u / 1000 }')" \
    "$( ((ok)) || echo '  FAILED (exit non-zero)')" "$( [[ $lag == -1 ]] && echo '  NOT SERVED within 15s' || [[ $lag == 0 ]] || echo "  (served $((lag / 1000)) ms later)")"
}

say "modes: N=$runs timed runs per side after one warm-up each (bash loop, \$EPOCHREALTIME)"
: >"$times/runs.txt"
for s in "${modes[@]}"; do
  printf '  %s anchor: %s\n' "$s" "$(anchor_cmd "$s")"
  has=0; [[ " ${supported[*]} " == *" $s "* ]] && has=1
  ((has)) && one "$s" driftless w
  one "$s" anchor w
  [[ $s == ex ]] && one "$s" dockerexec w
  for ((i = 1; i <= runs; i++)); do
    ((has)) && one "$s" driftless "$i"
    one "$s" anchor "$i"
    [[ $s == ex ]] && one "$s" dockerexec "$i"
  done
done
cd "$root"

# --- results -----------------------------------------------------------------------------------
say "results"
unsup=$(for s in "${!why[@]}"; do printf '%s\t%s\n' "$s" "${why[$s]}"; done)
python3 - "$times/runs.txt" "$out/modes.json" "$runs" "$unsup" "${port[rl]}" <<'PY'
import json, os, platform, statistics, subprocess, sys, time
runs_file, dest, runs, unsup_text = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
unsupported = dict(l.split("\t", 1) for l in unsup_text.splitlines() if "\t" in l)
data = {}
for line in open(runs_file):
    s, kind, i, us, ok, lag = line.split()
    data.setdefault(s, {}).setdefault(kind, []).append((int(us) / 1e6, ok == "1", int(lag) / 1e6 if lag != "-1" else None))
def ver(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[0]
    except Exception:
        return "?"
mode_of = {"rl": "reload_http", "sg": "signal", "ex": "exec", "rs": "restart", "rc": "recreate"}
anchor_of = {"rl": "curl -X POST reload (own reload)", "sg": "docker kill -s HUP + poll until served (own reload)",
             "ex": "curl -X POST reload (own reload)", "rs": "docker restart", "rc": "docker-compose up -d --no-deps --force-recreate"}
def summary(rows):
    t = [r[0] for r in rows]
    lags = [r[2] for r in rows if r[2] is not None]
    return {"times_s": t, "median_s": statistics.median(t), "min_s": min(t), "max_s": max(t), "runs": len(t),
            "failed_runs": sum(1 for r in rows if not r[1]),
            "not_served_runs": sum(1 for r in rows if r[2] is None),
            "serve_lag_median_s": statistics.median(lags) if lags else None}
res = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "method": "bash loop ($EPOCHREALTIME), driftless and anchor runs alternating",
       "runs": runs, "settle": "verify: {settle: 0s} on every service (default 1s would add 1s to restart/recreate)",
       "machine": {"cpus": os.cpu_count(), "kernel": platform.release(),
                   "docker_compose": ver(["docker-compose", "version", "--short"]),
                   "docker": ver(["docker", "version", "-f", "{{.Server.Version}}"]),
                   "loadavg_1_5_15_at_end": [round(x, 2) for x in os.getloadavg()]},
       "services": {}}
rows, verdicts = [], []
for s in ["rl", "sg", "ex", "rs", "rc"]:
    if s not in data:
        continue
    e = {"mode": mode_of[s], "anchor_command": anchor_of[s], "anchor": summary(data[s]["anchor"])}
    a = e["anchor"]["median_s"]
    rows.append((f"{s} anchor: {anchor_of[s]}", e["anchor"], ""))
    if "dockerexec" in data[s]:
        e["docker_exec"] = summary(data[s]["dockerexec"])
        e["docker_exec_command"] = "docker exec <ex> wget -q -O- --post-data= http://127.0.0.1:8080/cgi-bin/reload"
        rows.append((f"{s} reference: docker exec <ex> wget ... (same argv)", e["docker_exec"], ""))
    if "driftless" in data[s]:
        d = summary(data[s]["driftless"])
        e["driftless"] = d
        clean = d["failed_runs"] == 0 and d["not_served_runs"] == 0
        if s in ("rl", "sg", "ex"):
            ov = d["median_s"] - a
            e["in_place_overhead_s"] = ov
            e["target"] = "driftless - own reload <= 50 ms"
            e["target_met"] = ov <= 0.050 and clean
            rows.append((f"{s} driftless apply -s {s} ({mode_of[s]})", d, f"+{ov*1000:.0f} ms over own reload"))
            verdicts.append(f"{s} {mode_of[s]:<11} overhead {ov*1000:+.0f} ms (target <= 50 ms): {'MET' if e['target_met'] else 'NOT MET'}")
            dl, al = d["serve_lag_median_s"] or 0, e["anchor"]["serve_lag_median_s"] or 0
            e["overhead_until_served_s"] = (d["median_s"] + dl) - (a + al)
            if dl > 0.005:
                verdicts.append(f"   {s}: driftless returns before the new config is served (+{dl*1000:.0f} ms); until served: {e['overhead_until_served_s']*1000:+.0f} ms")
            if "docker_exec" in e:
                ov2 = d["median_s"] - e["docker_exec"]["median_s"]
                e["overhead_vs_docker_exec_s"] = ov2
                verdicts.append(f"   {s}: vs the same reload through `docker exec`: {ov2*1000:+.0f} ms (the engine's exec round trip is in both)")
        else:
            lim = 1.1 if s == "rs" else 1.2
            r = d["median_s"] / a
            e["ratio"] = r
            e["target"] = f"driftless <= {lim}x anchor"
            e["target_met"] = r <= lim and clean
            rows.append((f"{s} driftless apply -s {s} ({mode_of[s]})", d, f"{r:.2f}x anchor"))
            verdicts.append(f"{s} {mode_of[s]:<11} {r:.2f}x {'docker restart' if s == 'rs' else 'compose recreate'} (target <= {lim}x): {'MET' if e['target_met'] else 'NOT MET'}")
        if not clean:
            verdicts.append(f"   {s}: {d['failed_runs']} driftless run(s) exited non-zero, {d['not_served_runs']} never served the new config")
    else:
        e["driftless"] = None
        e["unsupported"] = unsupported.get(s, "not run")
        verdicts.append(f"{s} {mode_of[s]:<11} driftless: not supported by this build ({unsupported.get(s, '?')})")
    res["services"][s] = e
with open(dest, "w") as f:
    json.dump(res, f, indent=2)
print(f"{'':<62} {'median':>8} {'min':>8} {'max':>8}  {'served+':>8}")
for label, d, note in rows:
    lag = d["serve_lag_median_s"]
    print(f"{label:<62} {d['median_s']*1000:>6.0f}ms {d['min_s']*1000:>6.0f}ms {d['max_s']*1000:>6.0f}ms  {'' if lag is None else f'{lag*1000:6.0f}ms':>8}  {note}")
print("(served+: median time after the timed command returned until GET served the new config; 0: the first GET did)\n")
for v in verdicts:
    print(v)
load5 = os.getloadavg()[1]
if load5 > (os.cpu_count() or 1):
    print(f"warning: 5-min load average {load5:.1f} > {os.cpu_count()} cores during the run; numbers are noisy")
print(f"written: {dest}")
PY
teardown
trap - EXIT
