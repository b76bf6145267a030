#!/usr/bin/env bash
# The trainer with batch-shared candidates against `samplex step` at the same V, d, S, B and
# threads, in adjacent pairs: each pair runs the step (log-uniform ids over V, as
# tf_bench.py's) and then `samplex train --candidates batch` on a corpus for a time budget,
# and the ratio is taken per pair (train examples/s over step examples/s), so that a change in
# the machine's speed between pairs cancels.
# Usage (from the repository root):
#   Benchmarks/peers/batch-candidates.sh CORPUS LOSS SAMPLES [PAIRS] [BUDGET_SECONDS] [DIM] [BATCH] [SAMPLER]
# e.g. Benchmarks/peers/batch-candidates.sh ../shared/data/corpusA.txt.zst sampled-softmax 64 5 20
# TRAIN_ARGS adds options to the train runs (e.g. "--min-count 1" for a synthetic corpus).
# The step is timed at the corpus's vocabulary size, read from the train run's vocab.txt.
set -euo pipefail
corpus=$1 loss=$2 samples=$3 pairs=${4:-5} budget=${5:-20} dim=${6:-100} batch=${7:-1024}
sampler=${8:-log-uniform}
samplex=.build/release/samplex
out=${OUT:-/tmp/batch-candidates}
mkdir -p "$out"
swift build -c release --product samplex > /dev/null
echo "pair train_ex/s step_ex/s ratio (loss $loss, S $samples, d $dim, B $batch, 2 threads)"
for pair in $(seq 1 "$pairs"); do
  # The train run first in the first pair, so that its vocabulary size is known for the step.
  rm -rf "$out/run"
  "$samplex" train "$corpus" --loss "$loss" --samples "$samples" --candidates batch \
    --batch-size "$batch" --sampler "$sampler" --dim "$dim" --epochs 1 \
    --budget-seconds "$budget" --threads 2 --heldout 0 --no-checkpoints \
    --progress-interval 1000 --output "$out/run" ${TRAIN_ARGS:-} > /dev/null 2>&1
  train=$(tail -1 "$out/run/metrics.jsonl" | python3 -c \
    'import json,sys; m=json.loads(sys.stdin.read()); print(m["examples"]/m["seconds"])')
  vocab=$(wc -l < "$out/run/vocab.txt")
  step=$("$samplex" step --loss "$loss" --vocab-size "$vocab" --dim "$dim" --samples "$samples" \
    --batch "$batch" --threads 2 --warmup 5 --steps 20 --repeats 5 | python3 -c \
    'import json,sys; print(json.loads(sys.stdin.read())["examples_per_s"])')
  python3 -c "import sys; t,s=float(sys.argv[2]),float(sys.argv[3]); print('%s %.0f %.0f %.3f' % (sys.argv[1], t, s, t/s))" "$pair" "$train" "$step"
done
