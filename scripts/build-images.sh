#!/usr/bin/env bash
# Builds the tiny FROM-scratch images the tests, demo and benchmarks use (no registry is reachable).
# One image per directory images/NAME/ -> driftless-test/NAME:latest. The build context is the
# directory plus the host's static busybox (busybox-static). Idempotent and fast: an image is
# rebuilt only when the hash of its context (files + busybox) differs from the label it carries.
# Images that need more Debian binaries: list them in images/NAME/binaries (one absolute path a
# line); each is copied into the context under bin/ with its shared libraries under lib/ (keep
# the image FROM scratch).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)

busybox=$(command -v busybox || true)
[[ -n $busybox ]] || { echo "build-images: busybox not found (apt-get install busybox-static)" >&2; exit 1; }
if ldd "$busybox" >/dev/null 2>&1; then
  echo "build-images: $busybox is dynamically linked; install busybox-static" >&2
  exit 1
fi

for dir in "$root"/images/*/; do
  name=$(basename "$dir")
  tag="driftless-test/$name:latest"
  # Content hash of everything that goes into the context.
  extra=()
  if [[ -f $dir/binaries ]]; then
    while read -r bin; do
      [[ -z $bin || $bin == \#* ]] && continue
      [[ -x $bin ]] || { echo "build-images: $name needs $bin (listed in images/$name/binaries); run scripts/bootstrap.sh" >&2; exit 1; }
      if ldd "$bin" 2>&1 | grep -q 'not found'; then
        ldd "$bin" >&2 || true
        echo "build-images: $bin (images/$name/binaries) has missing shared libraries" >&2
        exit 1
      fi
      extra+=("$bin")
    done <"$dir/binaries"
  fi
  sum=$( { (cd "$dir" && find . -type f -print0 | sort -z | xargs -0 sha256sum);
           sha256sum "$busybox" "${extra[@]}"; } | sha256sum | cut -c1-32)
  have=$(docker image inspect -f '{{ index .Config.Labels "driftless.context" }}' "$tag" 2>/dev/null || true)
  if [[ $have == "$sum" ]]; then
    echo "image $tag up to date"
    continue
  fi
  ctx=$(mktemp -d)
  cp -a "$dir/." "$ctx/"
  cp "$busybox" "$ctx/busybox"
  for bin in "${extra[@]}"; do
    mkdir -p "$ctx/bin" "$ctx/lib"
    cp -L "$bin" "$ctx/bin/"
    ldd "$bin" 2>/dev/null | awk '/=> \// { print $3 } /^\t\// { print $1 }' | while read -r lib; do
      mkdir -p "$ctx/lib$(dirname "$lib")"
      cp -L "$lib" "$ctx/lib$lib"
    done
  done
  if ! out=$(DOCKER_BUILDKIT=0 docker build -q --label "driftless.context=$sum" -t "$tag" "$ctx" 2>&1); then
    rm -rf "$ctx"
    echo "$out" >&2
    echo "build-images: building $tag failed" >&2
    exit 1
  fi
  rm -rf "$ctx"
  echo "image $tag built"
done
