#!/usr/bin/env bash
# The README's second command: runs the whole test suite (debug build).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
# The interruption tests run the built `samplex` as a separate process, so build it first.
swift build --product samplex
swift test "$@"
