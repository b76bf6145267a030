#!/usr/bin/env bash
# The vocabulary pass of Samplex and gensim on the same file, alternated, ROUNDS times each.
# Usage: Benchmarks/peers/vocab-side-by-side.sh CORPUS.txt [ROUNDS]   (from the repository root,
# after `swift build -c release` and the peers' venv of ../shared/bench/README.md in /tmp/peers)
set -euo pipefail
corpus=$1
rounds=${2:-3}
python=${PEERS_PYTHON:-/tmp/peers/bin/python}
for round in $(seq "$rounds"); do
  echo "round $round"
  .build/release/samplex vocab "$corpus" | grep -E 'tokens  |kept ids|throughput'
  "$python" Benchmarks/peers/gensim_build_vocab.py "$corpus"
done
