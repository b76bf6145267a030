#!/usr/bin/env bash
# One process with two threads against two processes with one thread each (`mpirun -np 2`) on
# the same corpus, skip-gram negative sampling with word2vec's defaults, 5 epochs, seed by
# seed with the order alternated: words/s and the analogy and similarity scores of each.
# Usage (from the repository root, after `swift build -c release` and
# `swift build -c release --traits MPI --scratch-path .build-mpi-release`):
#   Benchmarks/peers/processes-side-by-side.sh CORPUS.txt SEEDS [OUT_DIR] [extra train flags]
set -euo pipefail
corpus=$1
seeds=${2:-3}
out=${3:-/tmp/processes-side-by-side}
shift $(($# < 3 ? $# : 3))
mkdir -p "$out"
plain=.build/release/samplex
mpi=.build-mpi-release/release/samplex
common=(--epochs 5 --no-checkpoints --formats bin --progress-interval 1000 --eval
  --analogies Data/eval/questions-words.txt --similarity Data/eval/wordsim353.tsv
  --similarity Data/eval/simlex999.txt --similarity Data/eval/EN-MEN-TR-3k.txt "$@")
one() {
  "$plain" train "$corpus" --threads 2 --seed "$1" --output "$out/one-$1" --overwrite \
    "${common[@]}" 2>&1 | grep -E "^trained|^analogy 3CosAdd|^similarity" | sed "s/^/one seed $1: /"
}
two() {
  mpirun --allow-run-as-root --oversubscribe -np 2 "$mpi" train "$corpus" --threads 1 \
    --seed "$1" --output "$out/two-$1" --overwrite "${common[@]}" 2>&1 |
    grep -E "^trained|^analogy 3CosAdd|^similarity" | sed "s/^/two seed $1: /"
}
for seed in $(seq "$seeds"); do
  if [ $((seed % 2)) = 1 ]; then one "$seed"; two "$seed"; else two "$seed"; one "$seed"; fi
done
