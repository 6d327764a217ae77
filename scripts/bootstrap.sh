#!/usr/bin/env bash
# Prepares a machine to build, test and demo Driftless. Idempotent and fast when all is there.
#   1. Debian packages docker.io, docker-compose, busybox-static (apt-get only when one is missing)
#      and, for the test images, Debian's nginx binary extracted (never installed, so no system
#      nginx starts) under /opt/driftless/nginx, and Debian's caddy under /opt/driftless/caddy
#      (likewise: no system caddy), plus their shared libraries (only when missing)
#   2. a running Docker engine (starts dockerd in the background when `docker info` does not answer)
#   3. the .NET SDK (checked, not installed)
#   4. the test/example images (scripts/build-images.sh; skipped when up to date)
# Concurrent runs serialise on a machine-wide lock (apt, dockerd and images are machine-wide).
# Env: DRIFTLESS_DOCKERD_LOG (default /var/log/driftless-dockerd.log),
#      DRIFTLESS_DOCKERD_ARGS (extra dockerd flags), DRIFTLESS_DOCKERD_WAIT (seconds, default 60).
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
say() { printf 'bootstrap: %s\n' "$*"; }
die() { printf 'bootstrap: ERROR: %s\n' "$*" >&2; exit 1; }

lock=${DRIFTLESS_BOOTSTRAP_LOCK:-/tmp/driftless-bootstrap.lock}
exec 9>"$lock"
if ! flock -n 9; then
  say "another bootstrap is running; waiting for it"
  flock -w 900 9 || die "timed out waiting for the bootstrap lock $lock"
fi

# --- 1. packages -------------------------------------------------------------------------------
# postgresql: the configuration library's tests start a private server (initdb in a temp dir, loopback port).
need_pkgs=(docker.io docker-compose busybox-static postgresql)
missing=()
for p in "${need_pkgs[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ $status == installed ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get (this script targets Debian 12)"
  [[ $(id -u) == 0 ]] || die "missing ${missing[*]}; run as root (or: sudo apt-get install ${missing[*]})"
  say "installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt_log=$(mktemp /tmp/driftless-apt.XXXXXX.log)
  if ! { apt-get update -q && apt-get install -y -q "${missing[@]}"; } >"$apt_log" 2>&1; then
    tail -n 30 "$apt_log" >&2
    die "apt-get install ${missing[*]} failed (full log: $apt_log)"
  fi
  rm -f "$apt_log"
else
  say "packages present (${need_pkgs[*]})"
fi
command -v docker >/dev/null || die "no docker client on PATH after install"

# Debian binaries the test images copy (images/*/binaries), extracted from their .deb, not installed:
# installing nginx would start a system nginx on port 80. Their library packages are installed.
# extract_deb PKG BIN: /opt/driftless/PKG/ holds the files of PKG (and EXTRA packages), BIN inside it.
extract_deb() {
  local pkg=$1 bin=$2 extra=("${@:3}") dest=/opt/driftless/$1
  [[ -x $dest/$bin ]] && return 0
  command -v apt-get >/dev/null || die "need Debian's $pkg binary for the test images and no apt-get (this script targets Debian 12)"
  [[ $(id -u) == 0 ]] || die "need Debian's $pkg binary for the test images under $dest; run as root"
  say "extracting Debian's $pkg into $dest (apt-get download + dpkg -x; not installed)"
  export DEBIAN_FRONTEND=noninteractive
  local tmp log
  tmp=$(mktemp -d /tmp/driftless-deb.XXXXXX)
  chmod 755 "$tmp"   # apt-get download runs as _apt where it can
  log=$tmp/apt.log
  if ! (cd "$tmp" && apt-get download -q "$pkg" "${extra[@]}") >"$log" 2>&1; then
    apt-get update -q >>"$log" 2>&1 || true
    (cd "$tmp" && apt-get download -q "$pkg" "${extra[@]}") >>"$log" 2>&1 ||
      { tail -n 20 "$log" >&2; rm -rf "$tmp"; die "apt-get download $pkg ${extra[*]} failed"; }
  fi
  mkdir -p "$tmp/root"
  local deb libs=() p
  for deb in "$tmp"/*.deb; do dpkg -x "$deb" "$tmp/root"; done
  # Library dependencies of the package itself (lib*), installed when missing.
  for p in $(dpkg-deb -f "$tmp/${pkg}_"*.deb Depends | tr ',|' '\n\n' | awk '{ print $1 }' | grep '^lib' | sort -u); do
    [[ $(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true) == installed ]] || libs+=("$p")
  done
  if ((${#libs[@]})); then
    say "installing ${libs[*]} (libraries of $pkg)"
    if ! { apt-get install -y -q "${libs[@]}" || { apt-get update -q && apt-get install -y -q "${libs[@]}"; }; } >>"$log" 2>&1; then
      tail -n 20 "$log" >&2; rm -rf "$tmp"; die "apt-get install ${libs[*]} failed"
    fi
  fi
  [[ -x $tmp/root/$bin ]] || { rm -rf "$tmp"; die "$pkg has no $bin"; }
  if ldd "$tmp/root/$bin" 2>&1 | grep -q 'not found'; then
    ldd "$tmp/root/$bin" >&2 || true; rm -rf "$tmp"; die "$bin from $pkg: shared libraries missing"
  fi
  mkdir -p /opt/driftless
  rm -rf "$dest.new" && mv "$tmp/root" "$dest.new" && rm -rf "$dest" && mv "$dest.new" "$dest"
  dpkg-deb -f "$tmp/${pkg}_"*.deb Version >"$dest/.version"
  rm -rf "$tmp"
}
extract_deb nginx usr/sbin/nginx nginx-common
extract_deb caddy usr/bin/caddy
say "Debian binaries present (nginx $(cat /opt/driftless/nginx/.version 2>/dev/null || echo '?'), caddy $(cat /opt/driftless/caddy/.version 2>/dev/null || echo '?'))"
command -v docker-compose >/dev/null || die "no docker-compose on PATH after install"

# --- 2. Docker engine ----------------------------------------------------------------------------
engine_up() { timeout 10 docker info >/dev/null 2>&1; }
dockerd_alive() { pgrep -x dockerd >/dev/null 2>&1 || [[ -n $(pidof dockerd 2>/dev/null) ]]; }
if engine_up; then
  say "docker engine running"
else
  command -v dockerd >/dev/null || die "no dockerd binary (package docker.io)"
  [[ $(id -u) == 0 ]] || die "the Docker engine is not running and starting it needs root"
  log=${DRIFTLESS_DOCKERD_LOG:-/var/log/driftless-dockerd.log}
  touch "$log" 2>/dev/null || log=/tmp/driftless-dockerd.log
  # A dockerd that is alive but not answering yet (e.g. started by a concurrent caller) is waited for,
  # never started twice.
  if dockerd_alive; then
    say "dockerd process exists but does not answer yet; waiting"
  else
    # A pid file left by a dockerd that died with its machine makes the next one refuse to start.
    rm -f /var/run/docker.pid
    say "starting dockerd (log: $log)"
    # fd 9 (our lock) must not leak into the daemon, or it would hold the lock forever.
    # shellcheck disable=SC2086
    setsid nohup dockerd ${DRIFTLESS_DOCKERD_ARGS:-} >>"$log" 2>&1 </dev/null 9>&- &
  fi
  wait_s=${DRIFTLESS_DOCKERD_WAIT:-60}
  deadline=$((SECONDS + wait_s))
  until engine_up; do
    if ((SECONDS >= deadline)); then
      tail -n 20 "$log" >&2 || true
      die "dockerd did not answer within ${wait_s}s (log: $log)"
    fi
    if ! dockerd_alive; then
      tail -n 20 "$log" >&2 || true
      die "dockerd exited during start-up (log: $log)"
    fi
    sleep 0.5
  done
  say "docker engine up after $((wait_s - (deadline - SECONDS)))s"
fi

# --- 3. .NET SDK ---------------------------------------------------------------------------------
command -v dotnet >/dev/null || die "the .NET SDK is not installed (need SDK 10: https://dot.net, or Microsoft's Debian packages 'dotnet-sdk-10.0')"
sdk_ok=0 v=
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
for d in "$dotnet_root"/sdk/*/; do
  v=$(basename "$d")
  if [[ ${v%%.*} =~ ^[0-9]+$ ]] && ((${v%%.*} >= 10)); then sdk_ok=1; break; fi
done
if ((!sdk_ok)); then
  # Unusual layouts: ask the host itself (slower, so only as a fallback).
  v=$(dotnet --list-sdks 2>/dev/null | awk -F. '$1 >= 10 { v=$0 } END { if (v == "") exit 1; print v }') && sdk_ok=1
fi
((sdk_ok)) || die ".NET SDK 10 or newer not found (have: $(dotnet --list-sdks 2>/dev/null | tr '\n' ' '))"
say ".NET SDK present ($v)"

# --- 4. images -----------------------------------------------------------------------------------
"$root/scripts/build-images.sh" | sed 's/^/bootstrap: /'
say "ready"
