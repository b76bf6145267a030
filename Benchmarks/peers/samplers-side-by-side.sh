#!/usr/bin/env bash
# TensorFlow's candidate samplers and Samplex's, one after the other on the same machine.
# Usage (from the repository root, with the peers' venv of ../shared/bench/README.md in /tmp/peers):
#   Benchmarks/peers/samplers-side-by-side.sh [OUT_DIR]
set -euo pipefail
out=${1:-/tmp/samplers-side-by-side}
mkdir -p "$out"
python=${PEERS_PYTHON:-/tmp/peers/bin/python}
"$python" ../shared/bench/tf_bench.py --suite samplers --json "$out/tf.json" > "$out/tf.log" 2>&1
swift package --package-path Benchmarks benchmark --target Sampling --no-progress > "$out/samplex.log" 2>&1
"$python" - "$out/tf.log" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    if line.startswith('{'):
        r = json.loads(line)
        if r.get('suite') == 'sampler' and r['true_classes'] == 1:
            print('TensorFlow %-13s S=%-5d %-6s %6.2f M samples/s' % (
                r['sampler'], r['num_sampled'], 'unique' if r['unique'] else '', r['samples_per_s'] / 1e6))
PY
grep -E "^Sampling\.|M draws/s" "$out/samplex.log"
