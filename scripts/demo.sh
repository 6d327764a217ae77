#!/usr/bin/env bash
# THE demo: the bind-mount trap that `docker-compose up -d` cannot see, and Driftless fixing it.
#
#   scripts/demo.sh          run the demo; leaves the stack running
#   scripts/demo.sh --down   tear the demo stack down and delete its scratch copy
#
# The demo runs on a scratch copy of examples/compose-stack in .demo/compose-stack (git-ignored):
# the demo rewrites config files and Driftless keeps its state (.driftless/) beside the registry,
# so working on a copy keeps the example in the repo pristine, while a fixed path inside the repo
# (rather than a random temp dir) lets `--down` and the user find the running stack again.
# Compose project: driftless-demo (as in the registry). Web port: 127.0.0.1:${DRIFTLESS_DEMO_WEB_PORT:-18480}.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
project=driftless-demo
demo=$root/.demo/compose-stack
export DRIFTLESS_DEMO_WEB_PORT=${DRIFTLESS_DEMO_WEB_PORT:-18480}

if [[ -t 1 ]]; then b=$'\033[1m' d=$'\033[2m' r=$'\033[0m'; else b= d= r=; fi
section() { printf '\n%s== %s%s\n' "$b" "$*" "$r"; }
run() { printf '%s$ %s%s\n' "$d" "$*" "$r"; "$@"; }
problems=()
expect_rc() { # expect_rc WANT GOT WHAT
  if [[ $1 != "$2" ]]; then
    echo "!! expected exit $1 from $3, got $2"
    problems+=("$3 exited $2 (expected $1)")
  else
    echo "-> exit $2 (as expected)"
  fi
}

dc() { docker-compose -p "$project" --project-directory "$demo" -f "$demo/docker-compose.yml" "$@"; }
dl() { (cd "$demo" && "$root/driftless" "$@"); }
cid() { docker ps -q --filter "label=com.docker.compose.project=$project" --filter "label=com.docker.compose.service=$1" | head -n1; }

down() {
  if [[ -f $demo/docker-compose.yml ]]; then
    dc down -t 2 --remove-orphans
  fi
  # Containers Driftless recreated outside compose still carry the project label.
  ids=$(docker ps -aq --filter "label=com.docker.compose.project=$project")
  [[ -z $ids ]] || docker rm -f $ids >/dev/null
  docker network rm "${project}_default" >/dev/null 2>&1 || true
  rm -rf "$demo"
}

if [[ ${1:-} == --down ]]; then
  down
  echo "demo stack $project removed"
  exit 0
fi
[[ $# == 0 ]] || { echo "usage: $0 [--down]" >&2; exit 64; }

section "bootstrap (packages, Docker engine, images)"
"$root/scripts/bootstrap.sh"

section "fresh copy of examples/compose-stack -> .demo/compose-stack"
down >/dev/null 2>&1 || true
mkdir -p "$(dirname "$demo")"
cp -a "$root/examples/compose-stack" "$demo"
rm -rf "$demo/.driftless"   # state of someone's in-place run of the example
echo "$demo"

section "start the stack with docker-compose"
run dc up -d

section "driftless apply: adopt the running stack (records what each service runs with)"
rc=0; run dl apply || rc=$?
expect_rc 0 "$rc" "first driftless apply"

show_app() { # what the app's process sees vs the host file
  local id pid host seen proc
  id=$(cid app)
  host=$(sha256sum "$demo/configs/app.conf" | cut -c1-16)
  seen=$(docker exec "$id" sha256sum /etc/app/app.conf | cut -c1-16)
  pid=$(docker inspect -f '{{.State.Pid}}' "$id")
  proc=$(sha256sum "/proc/$pid/root/etc/app/app.conf" 2>/dev/null | cut -c1-16 || echo "n/a")
  printf '  host   configs/app.conf                        sha256 %s  inode %s\n' "$host" "$(stat -c %i "$demo/configs/app.conf")"
  printf '  app    docker exec: /etc/app/app.conf         sha256 %s\n' "$seen"
  printf '  app    /proc/%s/root/etc/app/app.conf%*s sha256 %s  inode %s\n' "$pid" $((10 - ${#pid})) "" "$proc" \
    "$(stat -c %i "/proc/$pid/root/etc/app/app.conf" 2>/dev/null || echo n/a)"
  printf '  app    feature line it reads: %s\n' "$(docker exec "$id" grep feature /etc/app/app.conf)"
  [[ $host == "$seen" ]]
}
show_web() {
  printf '  web    GET / -> %s\n' "$(curl -fsS "http://127.0.0.1:$DRIFTLESS_DEMO_WEB_PORT/" 2>/dev/null | grep -o '<h1>.*</h1>' || echo '(no answer)')"
}

section "before the change: host and container agree"
show_app || true
show_web

section "change configs the rsync way (write a temp file, rename it over the old one: new inode)"
cat >"$demo/configs/.app.conf.tmp" <<'EOF'
# app.conf - read by the app service from a single-file bind mount
listen = 0.0.0.0:9000
log_level = debug
feature.new_checkout = true
EOF
run mv -f "$demo/configs/.app.conf.tmp" "$demo/configs/app.conf"
sed 's/web v1/web v2/' "$demo/configs/web/index.html" >"$demo/configs/web/.index.html.Xy12Ab"
run mv -f "$demo/configs/web/.index.html.Xy12Ab" "$demo/configs/web/index.html"

section "the trap: docker-compose up -d sees nothing to do ..."
run dc up -d
echo "... yet the app's process still reads the OLD file (its mount pinned the old inode):"
if show_app; then
  echo "!! the container already sees the new file; the trap did not reproduce"
  problems+=("trap did not reproduce")
fi

section "driftless plan (exit 2 = not in sync)"
rc=0; run dl plan || rc=$?
expect_rc 2 "$rc" "driftless plan"

section "driftless apply"
rc=0; run dl apply || rc=$?
expect_rc 0 "$rc" "driftless apply"

section "driftless status (exit 0 = in sync, verified in the running process)"
rc=0; run dl status || rc=$?
expect_rc 0 "$rc" "driftless status"

section "what the app's process sees now vs the host"
if show_app; then
  echo "-> the running process sees the host's file"
else
  problems+=("app still sees stale config after apply")
  echo "!! the app still sees a stale file"
fi
show_web

section "driftless history"
rc=0; run dl history --limit 10 || rc=$?
expect_rc 0 "$rc" "driftless history"

section "done"
echo "The stack is still running (project $project, web on http://127.0.0.1:$DRIFTLESS_DEMO_WEB_PORT/)."
echo "Try: cd .demo/compose-stack && ../../driftless status"
echo "Tear it down with: scripts/demo.sh --down"
if ((${#problems[@]})); then
  printf '\nDEMO PROBLEMS:\n'
  printf '  - %s\n' "${problems[@]}"
  exit 1
fi
