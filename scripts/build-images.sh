#!/usr/bin/env bash
# Builds the tiny FROM-scratch images the tests, demo and benchmarks use. Idempotent:
# an image is rebuilt only when its Dockerfile or the busybox binary changed (docker's cache).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
cp "$root/images/busybox/Dockerfile" "$ctx/"
cp "$(command -v busybox)" "$ctx/busybox"
DOCKER_BUILDKIT=0 docker build -q -t driftless-test/busybox:latest "$ctx" >/dev/null
echo "image driftless-test/busybox:latest ready"
