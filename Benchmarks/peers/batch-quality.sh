#!/usr/bin/env bash
# Quality at equal examples: one epoch of corpusA (the same words, seed and order) with
# candidates per window and per batch, for sampled softmax and NCE at S = 64 (log-uniform),
# skip-gram, d = 100, 2 threads: the held-out exact cross-entropy, analogies and similarities.
# Usage (from the repository root): Benchmarks/peers/batch-quality.sh [SEED] [OUT_DIR]
set -euo pipefail
seed=${1:-1}
out=${2:-/tmp/batch-quality}
samplex=.build/release/samplex
mkdir -p "$out"
swift build -c release --product samplex > /dev/null
for loss in sampled-softmax nce; do
  for mode in window batch; do
    rm -rf "$out/$loss-$mode"
    "$samplex" train ../shared/data/corpusA.txt.zst --loss "$loss" --sampler log-uniform \
      --samples 64 --candidates "$mode" --epochs 1 --threads 2 --seed "$seed" --no-checkpoints \
      --progress-interval 1000 --output "$out/$loss-$mode" --eval \
      --analogies ../shared/data/eval/questions-words.txt \
      --similarity ../shared/data/eval/wordsim353.tsv \
      --similarity ../shared/data/eval/simlex999.txt \
      --similarity ../shared/data/eval/EN-MEN-TR-3k.txt > "$out/$loss-$mode.log" 2>&1
    echo "== $loss, candidates $mode (seed $seed)"
    tr '\r' '\n' < "$out/$loss-$mode.log" | grep -v '^epoch' | grep -v vocabulary
    tail -1 "$out/$loss-$mode/metrics.jsonl"
  done
done
