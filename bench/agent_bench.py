#!/usr/bin/env python3
"""Driver for bench/agent.sh: the parts that need precise timing and HTTP polling.

  latency DIR PORT SERVICE N OUT   change SERVICE's config N times (atomic rename), each time wait for the
                                   agent's verified `applied` event for the new hash; latency = event ts
                                   (recorded after verification) - time of the rename. Writes OUT (json).
  idle PID SECONDS OUT             CPU % (utime+stime over SECONDS) and RSS (max VmRSS, sampled each second).
  wait-pass PORT SECONDS           until /v1/status shows a finished pass with every service running.
"""
import hashlib, json, os, sys, time, urllib.request
from datetime import datetime


def get(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:
        return json.loads(r.read())


def input_hash(directory):
    # HashFormat: sha256 over "relpath NUL hexdigest LF" per file, sorted ordinally (README).
    base = os.path.dirname(os.path.dirname(directory.rstrip("/")))
    entries = []
    for root, _, files in os.walk(directory):
        for f in files:
            p = os.path.join(root, f)
            with open(p, "rb") as fh:
                entries.append((os.path.relpath(p, base), hashlib.sha256(fh.read()).hexdigest()))
    h = hashlib.sha256()
    for rel, digest in sorted(entries, key=lambda e: e[0].encode()):
        h.update(rel.encode() + b"\0" + digest.encode() + b"\n")
    return "sha256:" + h.hexdigest()


def ts(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def latency(directory, port, service, n, out):
    conf_dir = os.path.join(directory, "configs", service) + "/"
    conf = os.path.join(conf_dir, "app.conf")
    samples = []
    for i in range(n):
        tmp = os.path.join(directory, "next.tmp")  # outside the watched dir, renamed in: one change, one event
        with open(tmp, "w") as fh:
            fh.write(f"name = {service}\nmarker = {i}-{time.time_ns()}\n")
        want = None
        t0 = time.time()
        os.rename(tmp, conf)
        want = input_hash(conf_dir)
        deadline = t0 + 60
        while True:
            events = get(port, f"/v1/history?service={service}&limit=3")["events"]
            done = [e for e in events if e["newHash"] == want and e["result"] in ("applied", "escalated", "failed")]
            if done:
                e = done[0]
                if e["result"] == "failed":
                    sys.exit(f"{service}: apply failed: {e.get('error')}")
                samples.append((ts(e["ts"]) - t0) * 1000)
                break
            if time.time() > deadline:
                sys.exit(f"{service}: no verified apply of {want} within 60s")
            time.sleep(0.002)
        time.sleep(0.3)  # let the service settle between changes
    samples.sort()
    pick = lambda q: samples[min(len(samples) - 1, int(round(q * (len(samples) - 1))))]
    result = {"service": service, "n": n, "p50_ms": round(pick(0.5), 1), "p95_ms": round(pick(0.95), 1),
              "min_ms": round(samples[0], 1), "max_ms": round(samples[-1], 1)}
    with open(out, "w") as fh:
        json.dump(result, fh)
    print(json.dumps(result))


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def idle(pid, seconds, out):
    hz = os.sysconf("SC_CLK_TCK")
    t0, c0, rss = time.time(), cpu_ticks(pid), rss_kib(pid)
    while time.time() - t0 < seconds:
        time.sleep(1)
        rss = max(rss, rss_kib(pid))
    elapsed, used = time.time() - t0, (cpu_ticks(pid) - c0) / hz
    result = {"seconds": round(elapsed, 1), "cpu_percent": round(100 * used / elapsed, 3), "rss_mib": round(rss / 1024, 1)}
    with open(out, "w") as fh:
        json.dump(result, fh)
    print(json.dumps(result))


def wait_pass(port, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            status = get(port, "/v1/status")
            if status.get("lastPassAt") and all(s["phase"] == "running" and s.get("containerId") for s in status["services"]):
                return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit(f"agent on port {port}: no converged pass within {seconds}s")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "latency":
        latency(sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), sys.argv[6])
    elif cmd == "idle":
        idle(int(sys.argv[2]), float(sys.argv[3]), sys.argv[4])
    elif cmd == "wait-pass":
        wait_pass(int(sys.argv[2]), float(sys.argv[3]))
    else:
        sys.exit(__doc__)
