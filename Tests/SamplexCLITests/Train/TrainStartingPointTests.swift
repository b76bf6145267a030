import ArgumentParser
import Foundation
import Samplex
import TestSupport
import Testing

@testable import samplex

/// A small run of one worker on the bundled head of the King James Bible.
private let corpus = Fixtures.data("tiny/kjv-head.txt")
private let small = [
  "--min-count", "2", "--dim", "8", "--window", "2", "--threads", "1", "--seed", "5",
  "--heldout-pairs", "50", "--heldout", "0.05", "--progress-interval", "1000",
]

/// Runs `samplex train` in this process.
private func train(_ arguments: [String]) throws {
  var command = try SamplexCommand.parseAsRoot(["train"] + arguments)
  try command.run()
}

private func names(in folder: String) throws -> Set<String> {
  Set(try FileManager.default.contentsOfDirectory(atPath: folder))
}

/// `--read-vocab` (`vocabulary.read`) and `--init-vectors` (`model.init_vectors`): a run that
/// starts from what an earlier one made.
@Suite struct TrainStartingPointTests {
  /// A run's own vocab.txt, read back, is the vocabulary the counting pass gives: the same ids
  /// and counts, so the run trains bit for bit the same vectors.
  @Test func aRunsOwnVocabularyTrainsTheSameVectors() throws {
    let root = try Fixtures.temporaryDirectory()
    try train([corpus, "--output", root + "/counted", "--epochs", "2"] + small)
    try train(
      [
        corpus, "--output", root + "/read", "--epochs", "2", "--read-vocab",
        root + "/counted/vocab.txt",
      ] + small)
    let counted = try SamplexProcess.snapshot(of: root + "/counted")
    let read = try SamplexProcess.snapshot(of: root + "/read")
    #expect(read["vocab.txt"] != nil && read["vocab.txt"] == counted["vocab.txt"])
    #expect(read["vectors.bin"] != nil && read["vectors.bin"] == counted["vectors.bin"])
    let config = try String(contentsOfFile: root + "/read/config.yaml", encoding: .utf8)
    #expect(config.contains("  read: \"\(root)/counted/vocab.txt\"\n"))
  }

  /// The file's words are the vocabulary, a word the corpus never shows included; min_count
  /// still drops the rare ones, and the corpus's other words are unknown.
  @Test func theVocabularyFileDecidesTheWords() throws {
    let root = try Fixtures.temporaryDirectory()
    let file = try Fixtures.file(
      named: "vocab.txt",
      bytes: Array("god 30\nzzzunseen 12\nthe 400\nand 300\nof 200\nin 100\nrare 1\n".utf8))
    try train(
      [corpus, "--output", root + "/run", "--epochs", "1", "--read-vocab", file] + small)
    let vectors = try Word2VecReader.read(path: root + "/run/vectors.bin")
    #expect(vectors.words == ["the", "and", "of", "in", "god", "zzzunseen"])
    let written = try String(contentsOfFile: root + "/run/vocab.txt", encoding: .utf8)
    #expect(written == "the 400\nand 300\nof 200\nin 100\ngod 30\nzzzunseen 12\n")
  }

  @Test func aMalformedVocabularyFileIsOneSentenceAndNothingIsWritten() throws {
    let root = try Fixtures.temporaryDirectory()
    let file = try Fixtures.file(named: "vocab.txt", bytes: Array("the 400\nand\n".utf8))
    let (status, errors) = try SamplexProcess.run(
      ["train", corpus, "--output", root + "/run", "--read-vocab", file] + small)
    #expect(status != 0)
    #expect(
      errors
        == "Error: \(file):2: expected 2 fields, found 1; each line must be 'word count' as "
        + "word2vec's -save-vocab writes.\n")
    #expect(!FileManager.default.fileExists(atPath: root + "/run"))
    let missing = try SamplexProcess.run(
      ["train", corpus, "--output", root + "/run", "--read-vocab", root + "/none.txt"])
    #expect(
      missing.errors
        == "Error: --read-vocab: 'vocabulary.read' names \(root)/none.txt, which does not exist; "
        + "fix the path (relative paths start from the working directory).\n")
  }

  /// A run with a read vocabulary resumes bit for bit; under an edited file its checkpoint is
  /// refused by the vocabulary's fingerprint.
  @Test func aRunWithAReadVocabularyResumes() throws {
    let root = try Fixtures.temporaryDirectory()
    try train([corpus, "--output", root + "/counted", "--epochs", "1"] + small)
    let file = root + "/vocab.txt"
    try FileManager.default.copyItem(atPath: root + "/counted/vocab.txt", toPath: file)
    let settings = ["--epochs", "3", "--read-vocab", file] + small
    try train([corpus, "--output", root + "/whole"] + settings)
    try train([corpus, "--output", root + "/cut"] + settings)
    for name in ["checkpoint-3.bin", "vectors.bin", "vectors.txt"] {
      try FileManager.default.removeItem(atPath: root + "/cut/" + name)
    }
    try train(["--resume", root + "/cut"])
    let whole = try Word2VecReader.read(path: root + "/whole/vectors.bin")
    let resumed = try Word2VecReader.read(path: root + "/cut/vectors.bin")
    #expect(resumed.words == whole.words)
    #expect(resumed.values == whole.values, "the resumed run's vectors differ")
    // The file changed since: one count more.
    let text = try String(contentsOfFile: file, encoding: .utf8)
    let first = try #require(text.split(separator: "\n").first?.split(separator: " "))
    let edited =
      "\(first[0]) \(Int(first[1])! + 1)\n"
      + text.split(separator: "\n").dropFirst()
      .joined(separator: "\n") + "\n"
    try edited.write(toFile: file, atomically: true, encoding: .utf8)
    try FileManager.default.removeItem(atPath: root + "/cut/checkpoint-3.bin")
    #expect {
      try train(["--resume", root + "/cut"])
    } throws: { error in
      "\(error)".contains("its rows belong to another vocabulary of ")
        && "\(error)".contains("the vocabulary file (vocabulary.read)")
    }
  }

  /// At a learning rate too small to move them, the trained vectors are the file's: every word
  /// started from its row. The run says how many words the file gave.
  @Test func initialVectorsStartTheInputTable() throws {
    let root = try Fixtures.temporaryDirectory()
    try train([corpus, "--output", root + "/first", "--epochs", "1"] + small)
    let start = root + "/first/vectors.bin"
    let (status, errors) = try SamplexProcess.run(
      [
        "train", corpus, "--output", root + "/second", "--epochs", "1", "--init-vectors", start,
        "--lr", "1e-12", "--min-lr", "0",
      ] + small)
    #expect(status == 0, "\(errors)")
    let first = try Word2VecReader.read(path: start)
    #expect(
      errors.contains(
        "initial vectors: \(first.count) of the \(first.count) vocabulary words from \(start)\n"),
      "\(errors)")
    let second = try Word2VecReader.read(path: root + "/second/vectors.bin")
    #expect(second.words == first.words)
    let moved = zip(second.values, first.values).map { abs($0 - $1) }.max() ?? 1
    #expect(moved < 1e-6, "moved \(moved)")
    // A resume takes its rows from its checkpoint: the file may be gone.
    try FileManager.default.moveItem(atPath: start, toPath: root + "/moved.bin")
    try train(["--resume", root + "/second"])
    #expect(try Word2VecReader.read(path: root + "/second/vectors.bin").values == second.values)
    try FileManager.default.moveItem(atPath: root + "/moved.bin", toPath: start)
    // The same run without the file starts from random rows.
    try train(
      [
        corpus, "--output", root + "/random", "--epochs", "1", "--lr", "1e-12", "--min-lr", "0",
      ] + small)
    let random = try Word2VecReader.read(path: root + "/random/vectors.bin")
    #expect(zip(random.values, first.values).contains { abs($0 - $1) > 1e-3 })
  }

  @Test func initialVectorsOfOtherDimensionsAreOneSentenceAndNothingIsWritten() throws {
    let root = try Fixtures.temporaryDirectory()
    try train([corpus, "--output", root + "/first", "--epochs", "1"] + small)
    let start = root + "/first/vectors.txt"
    let (status, errors) = try SamplexProcess.run(
      ["train", corpus, "--output", root + "/second", "--init-vectors", start] + small + [
        "--dim", "16",
      ])
    #expect(status != 0)
    #expect(
      errors
        == "Error: \(start): the initial vectors have 8 dimensions and the model 16 (model.dim); "
        + "give --dim 8, or vectors of 16 dimensions.\n")
    #expect(!FileManager.default.fileExists(atPath: root + "/second"))
  }
}

/// `output.formats` and `output.save_output_vectors`: which vectors files a run writes.
@Suite struct TrainOutputFilesTests {
  @Test func formatsChooseTheVectorsFiles() throws {
    let root = try Fixtures.temporaryDirectory()
    for (formats, present, absent) in [
      ("bin", "vectors.bin", "vectors.txt"), ("txt", "vectors.txt", "vectors.bin"),
    ] {
      try train(
        [corpus, "--output", root + "/" + formats, "--epochs", "1", "--formats", formats] + small)
      let files = try names(in: root + "/" + formats)
      #expect(files.contains(present) && !files.contains(absent), "\(files)")
      let config = try String(contentsOfFile: root + "/\(formats)/config.yaml", encoding: .utf8)
      #expect(config.contains("  formats: \(formats)\n"))
    }
    // Unset, a small run writes both, and its config keeps the choice to the size.
    try train([corpus, "--output", root + "/default", "--epochs", "1"] + small)
    let files = try names(in: root + "/default")
    #expect(files.isSuperset(of: ["vectors.bin", "vectors.txt"]))
    #expect(!files.contains("vectors-output.bin"))
    let config = try String(contentsOfFile: root + "/default/config.yaml", encoding: .utf8)
    #expect(
      config.contains("  formats: null\n") && config.contains("  save_output_vectors: false\n"))
    // A resume told fewer formats leaves no stale vectors.txt of the earlier write.
    try train(["--resume", root + "/default", "--formats", "bin"])
    #expect(try !names(in: root + "/default").contains("vectors.txt"))
  }

  @Test func outputVectorsAreWrittenWhenAsked() throws {
    let root = try Fixtures.temporaryDirectory()
    try train(
      [corpus, "--output", root + "/run", "--epochs", "1", "--save-output-vectors"] + small)
    let input = try Word2VecReader.read(path: root + "/run/vectors.bin")
    let output = try Word2VecReader.read(path: root + "/run/vectors-output.bin")
    #expect(output.words == input.words)
    // W starts at zero and trains: its rows are neither zero nor the input rows.
    #expect(output.values.contains { $0 != 0 })
    #expect(output.values != input.values)
  }

  @Test func outputVectorsOfTheHierarchicalSoftmaxAreRefused() throws {
    let hs = ["--loss", "hierarchical-softmax"]
    #expect {
      try train([corpus, "--save-output-vectors"] + hs)
    } throws: { error in
      "\(error)"
        == "--save-output-vectors: 'output.save_output_vectors' asks for output vectors of "
        + "words, and the output rows of loss hierarchical-softmax are its Huffman tree's inner "
        + "nodes, not words; leave it out, or pick another loss."
    }
    let config = try Fixtures.file(
      named: "c.yaml", bytes: Array("output:\n  save_output_vectors: true\n".utf8))
    #expect {
      try train([corpus, "--config", config] + hs)
    } throws: { error in
      "\(error)".hasPrefix("\(config):2: 'output.save_output_vectors' asks for output vectors")
    }
  }
}
