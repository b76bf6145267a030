#!/usr/bin/env bash
# The README's first command: builds Samplex (release) and runs it on the bundled corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
swift build -c release --product samplex
.build/release/samplex vocab Data/kjv.txt.zst --min-count 5 "$@"
