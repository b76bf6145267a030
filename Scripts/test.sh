#!/usr/bin/env bash
# The README's second command: runs the whole test suite (debug build).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
swift test "$@"
