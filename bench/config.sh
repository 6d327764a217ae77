#!/usr/bin/env bash
# Driftless.Configuration hot-reload benchmark (see bench/README.md, "bench/config.sh").
#   (1) one JSON file, 100 saves per style (temp+rename, in-place truncate+write) -> IOptionsMonitor<T>.OnChange:
#       M.E.Configuration AddJsonFile(reloadOnChange) (anchor) vs AddDriftless(JsonFileSource) at debounce 250/0/20 ms,
#       all watching the same file in one process, so each save is measured by every variant at once.
#   (2) PostgreSQL PutAsync -> OnChange via NOTIFY (Listen=true, poll 60 s) and via polling only (Listen=false, 250 ms),
#       on a private server (initdb in a temp dir, loopback port, run as the postgres user when root).
# Prints a table; writes bench/out/config.json. Env: BENCH_SAVES (100), BENCH_WINDOW_MS (1500),
# BENCH_PG_UPDATES (50), BENCH_ONLY=file|pg.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
out=$root/bench/out
bin=$out/config-bin
say() { printf '\n== %s\n' "$*"; }
die() { printf 'bench/config: ERROR: %s\n' "$*" >&2; exit 1; }
mkdir -p "$out"
rm -f "$out/config-file.json" "$out/config-pg.json"

say "building bench/config (Release)"
dotnet build "$root/bench/config/ConfigBench.csproj" -c Release -o "$bin" --nologo -v q >"$out/config-build.log" 2>&1 ||
  { cat "$out/config-build.log" >&2; die "build failed"; }

if [[ ${BENCH_ONLY:-file} == file ]]; then
  say "(1) JSON file saves -> OnChange"
  rm -rf "$out/config-file"
  dotnet "$bin/ConfigBench.dll" file "$out/config-file.json" "$out/config-file"
fi

if [[ ${BENCH_ONLY:-pg} == pg ]]; then
  say "(2) PostgreSQL update -> OnChange"
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -x $pgbin/initdb ]] || die "no PostgreSQL server binaries under /usr/lib/postgresql/<version>/bin (apt-get install postgresql)"
  pgroot=$(mktemp -d /tmp/driftless-bench-pg-XXXXXX)
  asuser=()
  if [[ $(id -u) == 0 ]]; then chown -R postgres:postgres "$pgroot"; asuser=(runuser -u postgres --); fi
  pg_stop() {
    "${asuser[@]}" "$pgbin/pg_ctl" -D "$pgroot/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$pgroot"
  }
  trap pg_stop EXIT
  "${asuser[@]}" "$pgbin/initdb" -D "$pgroot/data" -U postgres --auth=trust --encoding=UTF8 --no-sync >"$out/config-initdb.log" 2>&1 ||
    { cat "$out/config-initdb.log" >&2; die "initdb failed"; }
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "${asuser[@]}" "$pgbin/pg_ctl" -D "$pgroot/data" -l "$pgroot/server.log" -w -t 60 \
    -o "-k $pgroot -h 127.0.0.1 -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null ||
    { cat "$pgroot/server.log" >&2; die "pg_ctl start failed"; }
  "${asuser[@]}" "$pgbin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE driftless_bench" postgres
  dotnet "$bin/ConfigBench.dll" pg "$out/config-pg.json" "Host=127.0.0.1;Port=$port;Username=postgres;Database=driftless_bench"
  pg_stop
  trap - EXIT
fi

say "results"
python3 - "$out" <<'PY'
import json, os, platform, subprocess, sys
out = sys.argv[1]
res = {"machine": {"cpus": os.cpu_count(), "kernel": platform.release(),
                   "dotnet": subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()}}
for part in ("file", "pg"):
    p = os.path.join(out, f"config-{part}.json")
    if os.path.exists(p):
        d = json.load(open(p))
        res.setdefault("date", d["date"]); res["machine"]["runtime"] = d["runtime"]
        res["file" if part == "file" else "postgres"] = d["file" if part == "file" else "postgres"]
res["machine"]["loadavg_1_5_15_at_end"] = [round(x, 2) for x in os.getloadavg()]
dest = os.path.join(out, "config.json")
json.dump(res, open(dest, "w"), indent=2)
def f(x): return "   n/a" if x is None or x != x else f"{x:6.1f}"
hdr = f"{'scenario':<44} {'p50 ms':>7} {'p95 ms':>7} {'cb/chg':>7} {'hist':<14} {'miss':>4} {'wrong':>5} {'empty':>5} {'late':>4} {'rej':>4}  target"
def row(label, v):
    hist = " ".join(f"{k}:{n}" for k, n in v["callbacks_per_change_histogram"].items())
    tgt = ""
    if "target" in v:
        tgt = f"p50 {'MET' if v['target_met_p50'] else 'NOT MET'}, p95 {'MET' if v['target_met_p95'] else 'NOT MET'} ({v['target']})"
    elif label.startswith("file") and "mec" in label:
        tgt = "anchor"
    rej = f"{v['rejected_reloads']:>4}" if "rejected_reloads" in v else "   -"
    print(f"{label:<44} {f(v['latency_ms_p50']):>7} {f(v['latency_ms_p95']):>7} {v['callbacks_per_change_mean']:>7.2f} {hist:<14} "
          f"{v['missed']:>4} {v['callbacks_wrong_value']:>5} {v['callbacks_empty_value']:>5} {v['callbacks_after_window']:>4} {rej}  {tgt}")
print(hdr)
if "file" in res:
    for style, vs in res["file"]["styles"].items():
        for name, v in vs.items():
            row(f"file {style:<8} {name}", v)
    print(f"(file: {res['file']['saves_per_style']} saves per style, window {res['file']['window_ms']} ms; "
          f"M.E.C load exceptions ignored: {res['file']['mec_load_exceptions_ignored']})")
if "postgres" in res:
    for name, v in res["postgres"]["modes"].items():
        row(f"postgres {name} (PutAsync p50 {v['put_ms_p50']} ms)", v)
    print(f"(postgres: {res['postgres']['updates']} updates per mode; latency from the start of PutAsync)")
load5 = os.getloadavg()[1]
if load5 > (os.cpu_count() or 1):
    print(f"warning: 5-min load average {load5:.1f} > {os.cpu_count()} cores during the run; numbers are noisy")
print(f"written: {dest}")
PY
