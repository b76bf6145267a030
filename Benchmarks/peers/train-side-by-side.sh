#!/usr/bin/env bash
# Samplex and gensim trained on the same corpus with the same settings, alternated, each run
# timed (wall clock, peak RSS) and evaluated by ../shared/bench/eval_embeddings.py.
# Usage (from the repository root, after `swift build -c release` and the peers' venv):
#   Benchmarks/peers/train-side-by-side.sh CORPUS.txt ROUNDS [skipgram|cbow] [OUT_DIR]
set -euo pipefail
corpus=$1
rounds=${2:-2}
model=${3:-skipgram}
out=${4:-/tmp/train-side-by-side}
python=${PEERS_PYTHON:-/tmp/peers/bin/python}
mkdir -p "$out"
if [ "$model" = cbow ]; then cbow=1; lr=0.05; else cbow=0; lr=0.025; fi
for round in $(seq "$rounds"); do
  echo "== round $round ($model)"
  /usr/bin/time -f "samplex wall %e s, peak RSS %M KB" .build/release/samplex train "$corpus" \
    --output "$out/samplex-$model-$round" --model "$model" --dim 100 --window 5 --samples 5 \
    --subsample 1e-4 --min-count 5 --epochs 5 --lr "$lr" --threads 2 --progress-interval 1000 2>&1 \
    | grep -E "trained|samplex wall"
  "$python" ../shared/bench/eval_embeddings.py "$out/samplex-$model-$round/vectors.bin" | tail -1
  /usr/bin/time -f "gensim wall %e s, peak RSS %M KB" "$python" ../shared/bench/gensim_train.py \
    --train "$corpus" --output "$out/gensim-$model-$round.bin" --cbow "$cbow" --size 100 --window 5 \
    --negative 5 --sample 1e-4 --min-count 5 --iter 5 --threads 2 2>&1 | grep -E "^vocab|gensim wall"
  "$python" ../shared/bench/eval_embeddings.py "$out/gensim-$model-$round.bin" | tail -1
done
