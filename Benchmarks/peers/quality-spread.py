#!/usr/bin/env python3
"""Summarise quality-spread.sh's JSONL: each tool's spread over seeds, and how often one
training is within the issue's margin of another (analogy: not more than 1 point below;
Spearman: not more than 0.02 below), for Samplex against gensim and for gensim against
itself; and how often all four margins hold at once, which is what one side-by-side round
asks. Usage: quality-spread.py RESULTS.jsonl [MORE.jsonl ...]"""
import json, statistics, sys

METRICS = [('analogy_acc', 'analogy %', 100.0, 1.0), ('ws353', 'WS353', 1.0, 0.02),
           ('simlex', 'SimLex', 1.0, 0.02), ('men', 'MEN', 1.0, 0.02)]


def within(a_values, b_values, margin, same):
    """How many pairs (a, b), a from a_values and b from b_values (not the same run when
    `same`), have a not more than `margin` below b, and how many pairs there are."""
    pairs = [(a, b) for i, a in enumerate(a_values) for j, b in enumerate(b_values)
             if not (same and i == j)]
    held = sum(1 for a, b in pairs if a >= b - margin - 1e-12)
    return held, len(pairs)


def all_within(a_runs, b_runs, same):
    """How many pairs of runs (a, b) hold every metric's margin at once (a not more than the
    margin below b on each), and how many pairs there are."""
    pairs = [(a, b) for i, a in enumerate(a_runs) for j, b in enumerate(b_runs)
             if not (same and i == j)]
    held = sum(1 for a, b in pairs
               if all(a[key] * scale >= b[key] * scale - margin - 1e-12
                      for key, _, scale, margin in METRICS))
    return held, len(pairs)


def main():
    rows = [json.loads(line) for name in sys.argv[1:] for line in open(name) if line.strip()]
    tools = {}
    for row in rows:
        tools.setdefault(row['tag'].split()[0], []).append(row)
    samplex, gensim = tools.get('samplex', []), tools.get('gensim', [])
    print('runs: samplex %d, gensim %d' % (len(samplex), len(gensim)))
    print('| metric | Samplex mean (SD) min–max | gensim mean (SD) min–max | mean difference '
          '| Samplex within margin of gensim | gensim within margin of gensim |')
    print('|---|---|---|---|---|---|')
    for key, name, scale, margin in METRICS:
        s = [r[key] * scale for r in samplex if key in r]
        g = [r[key] * scale for r in gensim if key in r]
        if len(s) < 2 or len(g) < 2:
            continue
        digits = 2 if scale > 1 else 3

        def spread(v):
            return '%.*f (%.*f) %.*f–%.*f' % (digits, statistics.mean(v), digits, statistics.stdev(v),
                                               digits, min(v), digits, max(v))
        sg_held, sg_pairs = within(s, g, margin, False)
        gg_held, gg_pairs = within(g, g, margin, True)
        print('| %s | %s | %s | %+.*f | %d of %d pairs | %d of %d pairs |' % (
            name, spread(s), spread(g), digits, statistics.mean(s) - statistics.mean(g),
            sg_held, sg_pairs, gg_held, gg_pairs))
    complete = [[r for r in runs if all(key in r for key, _, _, _ in METRICS)]
                for runs in (samplex, gensim)]
    if all(len(runs) >= 2 for runs in complete):
        sg_held, sg_pairs = all_within(complete[0], complete[1], False)
        gg_held, gg_pairs = all_within(complete[1], complete[1], True)
        print('| all four at once | | | | %d of %d pairs | %d of %d pairs |' % (
            sg_held, sg_pairs, gg_held, gg_pairs))


if __name__ == '__main__':
    main()
