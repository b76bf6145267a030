import Foundation
import Samplex
import TestSupport
import Testing

@Suite struct InitialVectorsTests {
  /// A vectors file with rows for `words`, each value `value` plus its column / 100.
  private func vectorsFile(_ words: [String], dimensions: Int, value: Float, name: String)
    throws -> String
  {
    let path = try Fixtures.temporaryDirectory() + "/" + name
    let values = words.indices.flatMap { _ in (0..<dimensions).map { value + Float($0) / 100 } }
    try Word2VecWriter.write(
      WordVectors(words: words, dimensions: dimensions, values: values), to: path,
      format: Word2VecReader.format(forPath: path))
    return path
  }

  /// A word that the corpus never shows keeps its starting row through training: the file's row
  /// with initial vectors, word2vec's random one without.
  @Test(arguments: ["init.bin", "init.txt"])
  func theInputTableStartsFromTheFilesRows(name: String) throws {
    let path = try plantedCorpus(sentences: 200, seed: 4)
    let counted = try vocabulary(of: path)
    let words = Vocabulary(words: counted.words + ["unseen"], counts: counted.counts + [1])
    var options = plantedOptions()
    options.epochs = 1
    let file = try vectorsFile(
      ["unseen", "not-in-vocabulary", counted.words[0]], dimensions: options.dimensions,
      value: 0.25, name: name)
    let initial = try InitialVectors(path: file, dimensions: options.dimensions)
    #expect(initial.matchCount(in: words) == 2)
    func train(from initial: InitialVectors?) throws -> WordVectors {
      let run = try TrainerFactory.train(
        options: options, source: TextSource(path: path), vocabulary: words,
        initialVectors: initial)
      return WordVectors(words: Array(words.words), table: run.model.input)
    }
    let started = try train(from: initial)
    let unseen = try #require(started.id(of: "unseen"))
    #expect(Array(started.row(unseen)) == Array(initial.vectors.row(0)))
    let random = try train(from: nil)
    #expect(Array(random.row(unseen)) != Array(initial.vectors.row(0)))
  }

  @Test func vectorsOfOtherDimensionsAreOneSentenceNamingBoth() throws {
    let file = try vectorsFile(["a"], dimensions: 8, value: 0, name: "v.bin")
    #expect {
      _ = try InitialVectors(path: file, dimensions: 16)
    } throws: { error in
      "\(error)"
        == "\(file): the initial vectors have 8 dimensions and the model 16 (model.dim); give "
        + "--dim 8, or vectors of 16 dimensions."
    }
  }
}
