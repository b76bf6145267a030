#!/usr/bin/env bash
# How far apart two trainings of the same tool land on the quality metrics, against how far
# Samplex lands from gensim: Samplex and gensim each trained with seeds 1…N (same corpus, same
# settings as train-side-by-side.sh), every vector file evaluated by
# ../shared/bench/eval_embeddings.py into one JSONL, then summarised by quality-spread.py.
# LOSS picks the output layer of both tools: negative-sampling (5 candidates, the default) or
# hierarchical-softmax (Samplex's --loss hierarchical-softmax, gensim's hs=1 negative=0).
# Usage (from the repository root, after `swift build -c release` and the peers' venv):
#   Benchmarks/peers/quality-spread.sh CORPUS.txt SEEDS [skipgram|cbow] [OUT_DIR] [LOSS]
set -euo pipefail
corpus=$1
seeds=${2:-4}
model=${3:-cbow}
out=${4:-/tmp/quality-spread}
loss=${5:-negative-sampling}
python=${PEERS_PYTHON:-/tmp/peers/bin/python}
here=$(dirname "$0")
mkdir -p "$out"
results="$out/results.jsonl"
: >"$results"
if [ "$model" = cbow ]; then cbow=1; lr=0.05; else cbow=0; lr=0.025; fi
if [ "$loss" = hierarchical-softmax ]; then
  samplex_loss=(--loss hierarchical-softmax); gensim_loss=(--negative 0 --hs 1)
else
  samplex_loss=(--samples 5); gensim_loss=(--negative 5)
fi
first=${FIRST_SEED:-1}
for seed in $(seq "$first" $((first + seeds - 1))); do
  echo "== seed $seed ($model)"
  /usr/bin/time -f "samplex wall %e s, peak RSS %M KB" .build/release/samplex train "$corpus" \
    --output "$out/samplex-$model-$seed" --model "$model" --dim 100 --window 5 "${samplex_loss[@]}" \
    --subsample 1e-4 --min-count 5 --epochs 5 --lr "$lr" --threads 2 --seed "$seed" \
    --progress-interval 1000 2>&1 | grep -E "trained|samplex wall"
  "$python" ../shared/bench/eval_embeddings.py "$out/samplex-$model-$seed/vectors.bin" \
    --json "$results" --tag "samplex seed $seed" | tail -1
  /usr/bin/time -f "gensim wall %e s, peak RSS %M KB" "$python" ../shared/bench/gensim_train.py \
    --train "$corpus" --output "$out/gensim-$model-$seed.bin" --cbow "$cbow" --size 100 --window 5 \
    "${gensim_loss[@]}" --sample 1e-4 --min-count 5 --iter 5 --threads 2 --seed "$seed" 2>&1 \
    | grep -E "^vocab|gensim wall"
  "$python" ../shared/bench/eval_embeddings.py "$out/gensim-$model-$seed.bin" \
    --json "$results" --tag "gensim seed $seed" | tail -1
done
"$python" "$here/quality-spread.py" "$results"
