import Samplex

/// The vocabulary of the corpus file at `path`, counted with the default tokenizer.
public func vocabulary(of path: String, minCount: Int = 1) throws -> Vocabulary {
  try VocabularyBuilder.counting(TextSource(path: path), options: .init()).builder.build(
    minCount: minCount, corpus: path)
}
