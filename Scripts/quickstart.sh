#!/usr/bin/env bash
# The README's first command: builds Samplex (release) and trains word vectors on the bundled
# corpus (the King James Bible), then prints the nearest neighbours of a few words.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
swift build -c release --product samplex
.build/release/samplex train Data/kjv.txt.zst --output runs/kjv --neighbors god,king,water,love "$@"
