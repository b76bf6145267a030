#!/usr/bin/env python3
"""Times gensim's vocabulary pass alone, exactly as ../shared/bench/gensim_train.py runs it
(Word2Vec(...).build_vocab over LineSentence, or over corpus_file), and prints one line:
  gensim build_vocab <mode> <seconds> s, <words> words, <vocab> kept, <MB/s> MB/s
Usage: gensim_build_vocab.py CORPUS.txt [--mode line|corpus_file] [--min-count 5]
"""
import argparse, os, time

from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('corpus')
    parser.add_argument('--mode', choices=['line', 'corpus_file'], default='line')
    parser.add_argument('--min-count', type=int, default=5)
    args = parser.parse_args()
    model = Word2Vec(vector_size=100, min_count=args.min_count, workers=1)
    start = time.perf_counter()
    if args.mode == 'line':
        model.build_vocab(corpus_iterable=LineSentence(args.corpus))
    else:
        model.build_vocab(corpus_file=args.corpus)
    seconds = time.perf_counter() - start
    size = os.path.getsize(args.corpus)
    print('gensim build_vocab %s %.2f s, %d words, %d kept, %.1f MB/s' % (
        args.mode, seconds, model.corpus_total_words, len(model.wv), size / 1e6 / seconds))


if __name__ == '__main__':
    main()
