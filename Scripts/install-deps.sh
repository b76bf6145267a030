#!/usr/bin/env bash
# Installs the two C libraries Samplex links (OpenBLAS and zstd) and pkg-config, from Debian's
# packages, when they are missing. Safe to run again: it installs nothing that is present.
set -euo pipefail
if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists openblas libzstd; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "Installing pkg-config, libopenblas-dev and libzstd-dev…" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq pkg-config libopenblas-dev libzstd-dev >/dev/null
