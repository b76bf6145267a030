#!/usr/bin/env python3
"""`samplex train --candidates batch` against TensorFlow's minibatch step, in adjacent pairs.

TensorFlow has no trainer, so its step is the fair comparison: tf_bench.py's own
`bench_sampled` (imported from ../shared/bench; sampled softmax, V = 10^6, d = 128, B = 1,024,
S = 1,024 unique log-uniform candidates, 2 threads), one repeat of 40 steps after 5 warm-up
steps, and the trainer for a time budget on a corpus of about 10^6 words at the same d, S, B
and threads (its examples/s from the run's metrics.jsonl), the order alternating from pair to
pair; the ratio is taken per pair.

Usage (from the repository root, with the peers' venv of ../shared/bench/README.md):
    .build/release/samplex synth --vocab-size 1000000 --tokens 50000000 --seed 1 /tmp/synth-1m.zst
    /tmp/peers/bin/python Benchmarks/peers/trainer-vs-tensorflow.py /tmp/synth-1m.zst [--pairs 4]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', '..', 'shared', 'bench'))
import tf_bench  # noqa: E402  (sets TensorFlow's threads: 2 intra-op, 1 inter-op)

D, B, S, V, WARMUP, STEPS = 128, 1024, 1024, 1000000, 5, 40
SAMPLEX = '.build/release/samplex'


def trainer_rate(corpus, budget, folder):
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run(
        [SAMPLEX, 'train', corpus, '--loss', 'sampled-softmax', '--sampler', 'log-uniform',
         '--samples', str(S), '--candidates', 'batch', '--batch-size', str(B), '--dim', str(D),
         '--min-count', '1', '--max-size', str(V), '--epochs', '1', '--budget-seconds',
         str(budget), '--threads', '2', '--heldout', '0', '--no-checkpoints',
         '--progress-interval', '1000', '--output', folder],
        check=True, capture_output=True, text=True)
    with open(os.path.join(folder, 'metrics.jsonl')) as lines:
        last = json.loads(lines.read().strip().splitlines()[-1])
    with open(os.path.join(folder, 'vocab.txt')) as words:
        vocabulary = sum(1 for _ in words)
    return last['examples'] / last['seconds'], vocabulary


def tensorflow_rate():
    return tf_bench.bench_sampled('sampled_softmax', V, D, B, S, warmup=WARMUP, steps=STEPS,
                                  repeats=1)['examples_per_s']


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('corpus')
    parser.add_argument('--pairs', type=int, default=4)
    parser.add_argument('--budget', type=float, default=20)
    parser.add_argument('--folder', default='/tmp/trainer-vs-tensorflow')
    args = parser.parse_args()
    subprocess.run(['swift', 'build', '-c', 'release', '--product', 'samplex'], check=True,
                   capture_output=True)
    ratios = []
    print('pair tensorflow_step_ex/s trainer_ex/s ratio trainer_V')
    for pair in range(args.pairs):
        if pair % 2 == 0:
            tf = tensorflow_rate()
            trainer, vocabulary = trainer_rate(args.corpus, args.budget, args.folder)
        else:
            trainer, vocabulary = trainer_rate(args.corpus, args.budget, args.folder)
            tf = tensorflow_rate()
        ratios.append(trainer / tf)
        print('%d %.0f %.0f %.3f %d' % (pair + 1, tf, trainer, trainer / tf, vocabulary),
              flush=True)
    print('median ratio %.3f, least %.3f, greatest %.3f' % (
        statistics.median(ratios), min(ratios), max(ratios)))


if __name__ == '__main__':
    main()
