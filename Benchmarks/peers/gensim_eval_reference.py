#!/usr/bin/env python3
"""Evaluation figures computed by gensim, for Samplex's tests to compare `samplex eval` against.

Usage: gensim_eval_reference.py VECTORS --eval-dir DIR [--restrict-vocab 30000] > figures.json

- 3CosAdd: gensim's KeyedVectors.evaluate_word_analogies (case-insensitive, restrict_vocab).
- 3CosMul: gensim 4.4's evaluate_word_analogies only does 3CosAdd, so the same loop is run here
  with most_similar_cosmul over the vectors loaded with limit=restrict_vocab (the restricted
  vocabulary gensim's loop uses), skipping the question's words as gensim's loop does.
- Similarity: evaluate_word_pairs over the whole vocabulary (delimiter tab, case-insensitive),
  as ../shared/bench/eval_embeddings.py calls it.
"""
import argparse, json, os, sys, warnings

warnings.filterwarnings('ignore')
import gensim
from gensim.models import KeyedVectors


def cosmul_accuracy(kv_restricted, path):
    ok_vocab = {k.upper(): kv_restricted.get_index(k) for k in reversed(kv_restricted.index_to_key)}
    correct = considered = 0
    sections = {}
    section = None
    for line in open(path, encoding='utf8'):
        if line.startswith(': '):
            section = line.lstrip(': ').strip()
            sections[section] = [0, 0]
            continue
        words = [w.upper() for w in line.split()]
        if len(words) != 4:
            continue
        a, b, c, expected = words
        if any(w not in ok_vocab for w in words):
            continue
        original = kv_restricted.key_to_index
        kv_restricted.key_to_index = ok_vocab
        sims = kv_restricted.most_similar_cosmul(positive=[b, c], negative=[a], topn=5)
        kv_restricted.key_to_index = original
        predicted = None
        for word, _ in sims:
            predicted = word.upper()
            if predicted not in {a, b, c}:
                break
        considered += 1
        sections[section][1] += 1
        if predicted == expected:
            correct += 1
            sections[section][0] += 1
    return correct, considered


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('vectors')
    ap.add_argument('--eval-dir', required=True)
    ap.add_argument('--restrict-vocab', type=int, default=30000)
    args = ap.parse_args()
    binary = args.vectors.endswith('.bin')
    kv = KeyedVectors.load_word2vec_format(args.vectors, binary=binary)
    questions = os.path.join(args.eval_dir, 'questions-words.txt')
    total = sum(1 for l in open(questions) if l.strip() and not l.startswith(':'))
    _, sections = kv.evaluate_word_analogies(questions, restrict_vocab=args.restrict_vocab,
                                             case_insensitive=True)
    tot = [s for s in sections if s['section'] == 'Total accuracy'][0]
    add_correct, add_considered = len(tot['correct']), len(tot['correct']) + len(tot['incorrect'])
    restricted = KeyedVectors.load_word2vec_format(args.vectors, binary=binary,
                                                   limit=args.restrict_vocab)
    mul_correct, mul_considered = cosmul_accuracy(restricted, questions)
    out = {
        'provenance': 'gensim %s, Benchmarks/peers/gensim_eval_reference.py on %s' % (
            gensim.__version__, os.path.basename(args.vectors)),
        'restrict_vocab': args.restrict_vocab,
        'questions': total,
        'analogy_add_correct': add_correct, 'analogy_add_considered': add_considered,
        'analogy_mul_correct': mul_correct, 'analogy_mul_considered': mul_considered,
    }
    for name in ('wordsim353.tsv', 'simlex999.txt', 'EN-MEN-TR-3k.txt'):
        path = os.path.join(args.eval_dir, name)
        (pearson, _), (spearman, _), oov = kv.evaluate_word_pairs(
            path, delimiter='\t', restrict_vocab=len(kv.index_to_key), case_insensitive=True)
        key = os.path.splitext(name)[0]
        out[key] = {'spearman': float(spearman), 'pearson': float(pearson), 'oov': float(oov) / 100}
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == '__main__':
    main()
