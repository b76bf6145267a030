import Foundation
import Samplex
import TestSupport
import Testing

@testable import SamplexConformance

/// A folder where a file is read, or a folder that cannot be made, is one sentence naming it
/// and what to do: before, a folder given as an evaluation or vectors file was "no such file",
/// as a vocabulary or reference file "not a corpus file", and a folder that could not be made
/// printed Foundation's own error (`NSCocoaErrorDomain`).
@Suite struct FolderErrorTests {
  @Test func aFolderWhereAFileIsReadIsNamedAsNoSuchFile() throws {
    let folder = try Fixtures.temporaryDirectory()
    let evaluation = CorpusError.notAFile(path: folder, wanted: "an evaluation file")
    #expect(throws: evaluation) { _ = try AnalogyQuestions(path: folder) }
    #expect(throws: evaluation) { _ = try SimilarityPairs(path: folder) }
    #expect(throws: CorpusError.notAFile(path: folder, wanted: "a vectors file")) {
      _ = try Word2VecReader.read(path: folder, format: .text)
    }
    #expect(throws: CorpusError.notAFile(path: folder, wanted: "a vocabulary file")) {
      _ = try VocabularyFile.read(from: folder)
    }
    #expect(throws: CorpusError.notAFile(path: folder, wanted: "a reference file")) {
      _ = try ReferenceFile(path: folder)
    }
    #expect(
      evaluation.description
        == "\(folder): is a folder, not an evaluation file; give the path of the file itself.")
  }

  @Test func aFolderThatCannotBeMadeIsNamedWithTheReason() throws {
    let file = try Fixtures.file(named: "file", bytes: [1])
    let refused = CorpusError.unwritable(
      path: file + "/pair", reason: "the folder cannot be made: Not a directory")
    #expect(throws: refused) { try OutputFolder.create(file + "/pair") }
    let vectors = WordVectors(words: ["a"], dimensions: 1, values: [1])
    #expect(throws: refused) { try ProjectorTSV.write(vectors, to: file + "/pair") }
  }
}
