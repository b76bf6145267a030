import ArgumentParser

/// The flags word2vec, gensim and fastText users bring to `samplex train`, with what Samplex
/// calls them: ArgumentParser's own did-you-mean goes by spelling and names the wrong option
/// (`--sample` is word2vec's subsampling threshold, not `--sampler`; `--size` is not `--set`).
enum ForeignFlags {
  /// The rest of the sentence for each foreign flag, keyed by its name without dashes.
  static let translations: [String: String] = [
    "sample": "word2vec's -sample, the subsampling threshold, is --subsample here "
      + "(--sampler picks the candidate sampler)",
    "size": "word2vec's -size is --dim here",
    "vector_size": "gensim's vector_size is --dim here",
    "dim": "fastText's -dim is --dim here",
    "iter": "word2vec's -iter is --epochs here",
    "epoch": "fastText's -epoch is --epochs here",
    "epochs": "gensim's epochs is --epochs here",
    "negative": "word2vec's -negative is --samples here",
    "neg": "fastText's -neg is --samples here",
    "hs": "word2vec's -hs 1 is --loss hierarchical-softmax here (word2vec's -hs 1 -negative 0; "
      + "-hs 0 is the default, --loss negative-sampling)",
    "threads": "word2vec's -threads is --threads here",
    "thread": "fastText's -thread is --threads here",
    "workers": "gensim's workers is --threads here",
    "cbow": "word2vec's -cbow 1 is --model cbow here (-cbow 0 is --model skipgram, the default)",
    "sg": "gensim's sg=1 is --model skipgram here (sg=0 is --model cbow)",
    "alpha": "word2vec's -alpha is --lr here",
    "min_alpha": "gensim's min_alpha is --min-lr here",
    "lr": "fastText's -lr is --lr here",
    "min-count": "word2vec's -min-count is --min-count here",
    "min_count": "gensim's min_count is --min-count here",
    "minCount": "fastText's -minCount is --min-count here",
    "window": "word2vec's -window is --window here",
    "ws": "fastText's -ws is --window here",
    "train": "the corpus is the argument here: samplex train CORPUS",
    "input": "the corpus is the argument here: samplex train CORPUS",
    "corpus_file": "the corpus is the argument here: samplex train CORPUS",
    "t": "fastText's -t is --subsample here",
    "loss": "fastText's -loss is --loss here (-loss hs is --loss hierarchical-softmax, -loss ns "
      + "--loss negative-sampling, -loss softmax --loss full-softmax)",
    "seed": "the seed is --seed here",
    "read-vocab": "word2vec's -read-vocab is --read-vocab here",
    "save-vocab": "word2vec's -save-vocab has no flag here: every run writes vocab.txt into its "
      + "folder",
    "pretrainedVectors": "fastText's -pretrainedVectors is --init-vectors here",
  ]

  /// Parses `arguments` as `SamplexCommand.parseAsRoot` does, except that an unknown flag of
  /// `train` that is one of word2vec's, gensim's or fastText's throws a `ValidationError` naming
  /// what Samplex calls it.
  static func parse(_ arguments: [String]) throws -> any ParsableCommand {
    guard arguments.first == "train" else { return try SamplexCommand.parseAsRoot(arguments) }
    let flags = arguments.prefix { $0 != "--" }
    // A single-dash word (word2vec's -threads) parses as a group of short flags, and the -h in
    // it would print the help instead of an error, so those are caught before parsing.
    for argument in flags where argument.count > 1 && argument.hasPrefix("-") {
      guard !argument.hasPrefix("--"), let tail = translations[String(argument.dropFirst())]
      else { continue }
      throw ValidationError("Unknown option '\(argument)': \(tail).")
    }
    do {
      return try SamplexCommand.parseAsRoot(arguments)
    } catch {
      let message = SamplexCommand.message(for: error)
      for argument in flags where argument.hasPrefix("--") {
        let flag = String(argument.prefix { $0 != "=" })
        guard message.hasPrefix("Unknown option '\(flag)'"),
          let tail = translations[String(flag.dropFirst(2))]
        else { continue }
        throw ValidationError("Unknown option '\(flag)': \(tail).")
      }
      throw error
    }
  }
}
