#!/usr/bin/env bash
# How long a stop takes: `samplex train` on CORPUS with each loss below is sent SIGINT 10 s
# after its vocabulary line, and the seconds from the signal to the process's exit (the workers
# reaching their next publishing point, the checkpoint written inside the epoch) are printed,
# with the checkpoint's size.
# Usage (from the repository root, after `swift build -c release`):
#   Benchmarks/peers/stop-latency.sh CORPUS.txt [ROUNDS] [OUT_DIR]
set -euo pipefail
corpus=$1
rounds=${2:-3}
out=${3:-/tmp/stop-latency}
mkdir -p "$out"
samplex=.build/release/samplex
for round in $(seq "$rounds"); do
  for loss in "--samples 5" "--samples 1000" "--loss sampled-softmax --samples 1000 --candidates window" \
    "--loss full-softmax"; do
    rm -rf "$out/run"
    # shellcheck disable=SC2086 # each loss is several flags
    "$samplex" train "$corpus" --output "$out/run" --threads 2 --epochs 5 --progress-interval 1000 \
      $loss 2>"$out/err" >/dev/null &
    job=$!
    until grep -q '^vocabulary:' "$out/err" 2>/dev/null; do sleep 0.1; done
    sleep 10
    start=$(date +%s.%N)
    kill -INT "$job"
    wait "$job" || true
    end=$(date +%s.%N)
    saved=$(sed -n 's/.*saved \(checkpoint-[0-9.]*bin\).*/\1/p' "$out/err")
    size=$( [ -n "$saved" ] && stat -c %s "$out/run/$saved" || echo 0)
    printf 'round %s, %s: %.2f s from the signal to the exit; %s (%s bytes)\n' "$round" "$loss" \
      "$(echo "$end - $start" | bc)" "${saved:-no checkpoint}" "$size"
  done
done
