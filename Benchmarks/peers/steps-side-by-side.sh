#!/usr/bin/env bash
# Minibatch training steps, TensorFlow and Samplex one after the other on the same machine:
# sampled softmax and NCE (V = 10^5 and 10^6, S = 64 and 1024, d = 128, B = 1024), the full
# softmax step and its three matrix products alone (V = 10^5). Both sides use 2 threads.
# The full-softmax target compares Samplex's step with its own products alone (cblas_sgemm),
# measured alternately: the last line.
# Usage (from the repository root, with the peers' venv of ../shared/bench/README.md in /tmp/peers):
#   Benchmarks/peers/steps-side-by-side.sh [OUT_DIR]
set -euo pipefail
out=${1:-/tmp/steps-side-by-side}
mkdir -p "$out"
python=${PEERS_PYTHON:-/tmp/peers/bin/python}
samplex=.build/release/samplex
swift build -c release --product samplex > /dev/null
rm -f "$out/samplex.jsonl"
for suite in sampled nce; do
  "$python" ../shared/bench/tf_bench.py --suite "$suite" --json "$out/tf-$suite.json" > "$out/tf-$suite.log" 2>&1
  loss=$([ "$suite" = sampled ] && echo sampled-softmax || echo nce)
  for vocab in 100000 1000000; do
    for samples in 64 1024; do
      "$samplex" step --loss "$loss" --vocab-size "$vocab" --samples "$samples" --threads 2 \
        --warmup 5 --steps 40 --repeats 5 --json "$out/samplex.jsonl" > /dev/null
    done
  done
done
"$python" ../shared/bench/tf_bench.py --suite full --json "$out/tf-full.json" > "$out/tf-full.log" 2>&1
# The step and the three products alone take turns, repeat by repeat, in one process.
"$samplex" step --loss full-softmax --with-matmul --vocab-size 100000 --threads 2 --warmup 1 \
  --steps 4 --repeats 9 --json "$out/samplex.jsonl" > /dev/null
"$python" - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
tf = {}
for name in ('tf-sampled.json', 'tf-nce.json', 'tf-full.json'):
    for r in json.load(open(os.path.join(out, name)))['results']:
        tf[(r['suite'], r['V'], r.get('num_sampled'))] = r
names = {'sampled-softmax': 'sampled_softmax', 'nce': 'nce', 'full-softmax': 'full_softmax',
         'matmul': 'full_softmax_3matmuls_only'}
print('%-16s %8s %5s | %12s %12s %6s | %9s %9s' % ('loss', 'V', 'S', 'TF ex/s', 'Samplex ex/s', 'ratio',
                                                   'TF GFLOP/s', 'Samplex'))
for line in open(os.path.join(out, 'samplex.jsonl')):
    r = json.loads(line)
    t = tf.get((names[r['suite']], r['V'], r.get('num_sampled')))
    if t is None:
        continue
    tf_rate = t.get('examples_per_s', r['B'] / t['step_s_median'])
    print('%-16s %8d %5s | %12.0f %12.0f %6.2f | %9s %9s' % (
        r['suite'], r['V'], r.get('num_sampled', '-'), tf_rate, r['examples_per_s'],
        r['examples_per_s'] / tf_rate,
        '%.1f' % t['gflops_median'] if 'gflops_median' in t else '-',
        '%.1f' % r['gflops_median'] if 'gflops_median' in r else '-'))
    if 'fraction_of_matmul_median' in r:
        tfm = tf.get(('full_softmax_3matmuls_only', r['V'], None))
        print('full-softmax step %.1f GFLOP/s = %.1f%% (median of %d alternating pairs: %s) of cblas_sgemm '
              'alone on the same shapes (%.1f GFLOP/s); TensorFlow: step %.1f, its matmuls alone %.1f GFLOP/s' % (
                  r['gflops_median'], 100 * r['fraction_of_matmul_median'], len(r['fraction_of_matmul_all']),
                  ' '.join('%.2f' % f for f in r['fraction_of_matmul_all']), r['matmul_gflops_median'],
                  t['gflops_median'], tfm['gflops_median'] if tfm else float('nan')))
PY
