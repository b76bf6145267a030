#!/usr/bin/env bash
# The README's first command: builds Samplex (release) and trains word vectors on the bundled
# corpus (the King James Bible) with configs/quickstart.yaml, then prints the nearest
# neighbours of a few words and the standard evaluations. Extra arguments go to `train`.
# Run again, it replaces its own earlier run in runs/kjv (--overwrite): a folder holds one run.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
swift build -c release --product samplex
.build/release/samplex train --config configs/quickstart.yaml --overwrite "$@"
