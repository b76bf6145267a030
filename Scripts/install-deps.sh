#!/usr/bin/env bash
# Installs the two C libraries Samplex links (OpenBLAS and zstd) and pkg-config, from Debian's
# packages, when they are missing; with --mpi, Open MPI too (its library, headers and mpirun),
# which a build with the MPI trait links (`swift build --traits MPI`). Safe to run again: it
# installs nothing that is present.
set -euo pipefail
packages=(pkg-config libopenblas-dev libzstd-dev)
modules=(openblas libzstd)
for argument in "$@"; do
  case "$argument" in
    --mpi)
      packages+=(libopenmpi-dev openmpi-bin)
      modules+=(ompi-c)
      ;;
    *)
      echo "install-deps.sh: unknown option '$argument'; the one option is --mpi." >&2
      exit 64
      ;;
  esac
done
if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "${modules[@]}" &&
  { [ "${#modules[@]}" -eq 2 ] || command -v mpirun >/dev/null 2>&1; }; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "Installing ${packages[*]}…" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${packages[@]}" >/dev/null
