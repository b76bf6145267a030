#!/usr/bin/env python3
"""Minibatch steps of issue 4, TensorFlow and Samplex in adjacent pairs of short runs.

steps-side-by-side.sh runs every TensorFlow suite, then every Samplex step: minutes apart, so a
few seconds in which this machine's two cores run as one (Benchmarks/history/steps.md, 2026-12-05)
can fall on one program and not the other. Here each pair is one TensorFlow run and one Samplex
run of the same step, one repeat of 40 steps after 5 warm-up steps each, taken back to back
(the order alternating from pair to pair); the ratio is taken per pair. TensorFlow's step is
tf_bench.py's own `bench_sampled`, imported from ../shared/bench.

Usage (from the repository root, with the peers' venv of ../shared/bench/README.md):
    /tmp/peers/bin/python Benchmarks/peers/steps-paired.py [--pairs 9] [--json OUT.jsonl]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', '..', 'shared', 'bench'))
import tf_bench  # noqa: E402  (sets TensorFlow's threads: 2 intra-op, 1 inter-op)

D, B, WARMUP, STEPS = 128, 1024, 5, 40
SAMPLEX = '.build/release/samplex'


def samplex_rate(loss, vocab, samples):
    out = subprocess.run(
        [SAMPLEX, 'step', '--loss', loss, '--vocab-size', str(vocab), '--samples', str(samples),
         '--dim', str(D), '--batch', str(B), '--threads', '2', '--warmup', str(WARMUP),
         '--steps', str(STEPS), '--repeats', '1'],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])['examples_per_s']


def tensorflow_rate(kind, vocab, samples):
    return tf_bench.bench_sampled(kind, vocab, D, B, samples, warmup=WARMUP, steps=STEPS,
                                  repeats=1)['examples_per_s']


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--pairs', type=int, default=9)
    parser.add_argument('--vocab', type=int, default=1000000)
    parser.add_argument('--json', default=None, help='append one JSON object per step here')
    args = parser.parse_args()
    subprocess.run(['swift', 'build', '-c', 'release', '--product', 'samplex'], check=True,
                   capture_output=True)
    for kind, loss in (('sampled_softmax', 'sampled-softmax'), ('nce', 'nce')):
        for samples in (64, 1024):
            tf_rates, samplex_rates = [], []
            for pair in range(args.pairs):
                if pair % 2 == 0:
                    tf_rates.append(tensorflow_rate(kind, args.vocab, samples))
                    samplex_rates.append(samplex_rate(loss, args.vocab, samples))
                else:
                    samplex_rates.append(samplex_rate(loss, args.vocab, samples))
                    tf_rates.append(tensorflow_rate(kind, args.vocab, samples))
            ratios = [s / t for s, t in zip(samplex_rates, tf_rates)]
            result = {'suite': loss, 'V': args.vocab, 'num_sampled': samples, 'pairs': args.pairs,
                      'ratio_median': statistics.median(ratios), 'ratios': ratios,
                      'tf_examples_per_s': tf_rates, 'samplex_examples_per_s': samplex_rates}
            print('%-16s V=%d S=%-5d ratio per pair: median %.2f, least %.2f, greatest %.2f '
                  '| TF %.0f-%.0f, Samplex %.0f-%.0f examples/s' % (
                      loss, args.vocab, samples, result['ratio_median'], min(ratios), max(ratios),
                      min(tf_rates), max(tf_rates), min(samplex_rates), max(samplex_rates)),
                  flush=True)
            print('    ratios: ' + ' '.join('%.2f' % r for r in ratios), flush=True)
            if args.json:
                with open(args.json, 'a') as handle:
                    handle.write(json.dumps(result) + '\n')


if __name__ == '__main__':
    main()
