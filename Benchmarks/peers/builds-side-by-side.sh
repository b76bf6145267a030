#!/usr/bin/env bash
# Two builds of samplex side by side on equal work, alternating run by run: one epoch of
# skip-gram and of CBOW on corpusA (word2vec's defaults, negative sampling with 5 candidates per
# window, two threads, pacing off in both), and the sampled-softmax steps at S = 64 and 1,024
# (V = 10^6, d = 128, B = 1,024), the order of a pair alternating. Prints each run's seconds
# (training) or examples/s (steps) and the ratio new / old per adjacent pair.
# TRAIN_FLAGS adds flags to both builds' training runs (say "--loss hierarchical-softmax
# --threads 1"; a later --threads wins), and STEPS=0 leaves out the steps.
# Usage (from the repository root):
#   git worktree add --detach /tmp/old COMMIT && (cd /tmp/old && swift build -c release --product samplex)
#   Benchmarks/peers/builds-side-by-side.sh /tmp/old/.build/release/samplex .build/release/samplex [RUNS]
set -euo pipefail
old=$1 new=$2 runs=${3:-3}
out=${OUT:-/tmp/builds-side-by-side}
mkdir -p "$out"
seconds() {
  rm -rf "$out/run"
  "$1" train ../shared/data/corpusA.txt.zst --model "$2" --epochs 1 --threads 2 --seed 1 \
    --no-pace-threads --no-checkpoints --progress-interval 1000 --output "$out/run" \
    ${TRAIN_FLAGS:-} 2>/dev/null \
    | sed -n 's/.* in \([0-9.]*\) s .*/\1/p'
}
rate() {
  "$1" step --loss sampled-softmax --samples "$2" --threads 2 --warmup 5 --steps 40 --repeats 3 \
    | python3 -c 'import json,sys; print("%.0f" % json.loads(sys.stdin.read())["examples_per_s"])'
}
# One pair: MEASURE (a function taking the binary and ARG) on both builds, the order alternating
# run by run so that whatever favours the first or second run of a pair falls on both alike.
pair() {
  local measure=$1 arg=$2 run=$3 unit=$4 a b
  if [ $((run % 2)) = 1 ]; then
    a=$("$measure" "$old" "$arg"); b=$("$measure" "$new" "$arg")
  else
    b=$("$measure" "$new" "$arg"); a=$("$measure" "$old" "$arg")
  fi
  python3 -c "import sys; print('%s %s run %s: old %s, new %s %s, new/old %.3f' % (sys.argv[6], sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], float(sys.argv[4])/float(sys.argv[3])))" "$arg" "$run" "$a" "$b" "$unit" "$measure"
}
for model in skipgram cbow; do
  for run in $(seq 1 "$runs"); do pair seconds "$model" "$run" s; done
done
[ "${STEPS:-1}" = 0 ] && exit 0
for samples in 64 1024; do
  for run in $(seq 1 "$runs"); do pair rate "$samples" "$run" examples/s; done
done
