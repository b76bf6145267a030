#!/usr/bin/env bash
# Two samplex binaries timed at the same moment: one epoch each on corpusA with one thread,
# each pinned to its own core, both started together, cores swapped every round. On a shared
# machine whose speed swings by a third from minute to minute, this compares two builds under
# the same conditions, where alternated runs do not. Prints training seconds, the held-out
# cross-entropy (equal when the builds train bit for bit the same), processor time and the
# whole run's wall time (counting pass and writing included).
# Usage (from the repository root): Benchmarks/peers/epochs-at-once.sh CORPUS BIN_A BIN_B [ROUNDS] [skipgram|cbow]
# EPOCHS (default 1) sets the epochs of each run; ARGS_A and ARGS_B add flags to one side's runs
# (the same binary twice with ARGS_B=--no-spool compares a flag).
set -euo pipefail
corpus=$1
a=$2
b=$3
rounds=${4:-4}
model=${5:-skipgram}
if [ "$model" = cbow ]; then lr=0.05; else lr=0.025; fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
epochs=${EPOCHS:-1}
run() {
  # shellcheck disable=SC2086 # the extra flags are split on purpose
  /usr/bin/time -f "wall %e s," perf stat -x, -e task-clock taskset -c "$2" "$1" train "$corpus" --output "$out/run-$3" \
    --model "$model" --dim 100 --window 5 --samples 5 --subsample 1e-4 --min-count 5 --epochs "$epochs" \
    --lr "$lr" --threads 1 --progress-interval 1000 --no-checkpoints $4 2>&1 \
    | grep -E "task-clock|trained|^wall" \
    | sed -E 's/.*in ([0-9.]+) s.*cross-entropy ([0-9.]+).*/train \1 s, CE \2,/; s/^([0-9.]+),msec,task-clock.*/cpu \1 ms/' \
    | tr '\n' ' ' > "$out/$3.log"
}
for round in $(seq "$rounds"); do
  if [ $((round % 2)) = 1 ]; then cores=(0 1); else cores=(1 0); fi
  run "$a" "${cores[0]}" A "${ARGS_A:-}" & run "$b" "${cores[1]}" B "${ARGS_B:-}" & wait
  echo "round $round: A $(cat "$out/A.log")| B $(cat "$out/B.log")"
done
