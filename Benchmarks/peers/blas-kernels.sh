#!/usr/bin/env bash
# OpenBLAS's kernels on this CPU, side by side: each minibatch step run with the kernels
# OpenBLAS picks itself on Zen 4 (Cooperlake, in 0.3.21) and with the ones `samplex` picks
# there (Haswell), in PAIRS adjacent pairs of short runs, so that the machine's changes of speed,
# which last tens of seconds, mostly fall on both runs of a pair. Prints, per step, the median,
# least and greatest Haswell/Cooperlake ratio over the pairs, how many pairs Haswell won, and
# every run's examples/s (GFLOP/s for the full softmax and its products alone).
# Usage (from the repository root): Benchmarks/peers/blas-kernels.sh [PAIRS] [OUT_DIR]
set -euo pipefail
pairs=${1:-15}
out=${2:-/tmp/blas-kernels}
mkdir -p "$out"
rm -f "$out"/*.jsonl
swift build -c release --product samplex > /dev/null
samplex=.build/release/samplex
sampled=(--vocab-size 1000000 --threads 2 --warmup 5 --steps 40 --repeats 1)
full=(--vocab-size 100000 --threads 2 --warmup 1 --steps 2 --repeats 1)
run() { # NAME ARGUMENTS…: PAIRS pairs, each Cooperlake then Haswell
  local name=$1
  shift
  for _ in $(seq "$pairs"); do
    for kernels in Cooperlake Haswell; do
      OPENBLAS_CORETYPE=$kernels "$samplex" step "$@" --json "$out/$name.jsonl" > /dev/null
    done
  done
}
run sampled-softmax-64 --loss sampled-softmax --samples 64 "${sampled[@]}"
run sampled-softmax-1024 --loss sampled-softmax --samples 1024 "${sampled[@]}"
run nce-64 --loss nce --samples 64 "${sampled[@]}"
run nce-1024 --loss nce --samples 1024 "${sampled[@]}"
run full-softmax --loss full-softmax "${full[@]}"
run products-alone --loss matmul "${full[@]}"
python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
for name in ('sampled-softmax-64', 'sampled-softmax-1024', 'nce-64', 'nce-1024', 'full-softmax',
             'products-alone'):
    runs = [json.loads(line) for line in open(os.path.join(out, name + '.jsonl'))]
    values = {'Cooperlake': [], 'Haswell': []}
    for r in runs:
        values[r['blas_kernels']].append(r['gflops_median'] if 'gflops_median' in r
                                         else r['examples_per_s'])
    ratios = sorted(h / c for c, h in zip(values['Cooperlake'], values['Haswell']))
    print('%-21s Haswell/Cooperlake median %.3f, least %.3f, greatest %.3f, Haswell ahead in %d of %d'
          % (name, ratios[len(ratios) // 2], ratios[0], ratios[-1], sum(r > 1 for r in ratios),
             len(ratios)))
    for kernels in ('Cooperlake', 'Haswell'):
        print('  %-10s %s' % (kernels, ' '.join('%.0f' % v for v in values[kernels])))
PY
