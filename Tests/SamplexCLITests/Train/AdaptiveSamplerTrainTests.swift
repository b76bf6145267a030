import Foundation
import TestSupport
import Testing

/// `--sampler midx` and `--sampler resample` train with batch candidates, and are refused, in
/// one sentence, where they cannot work.
@Suite struct AdaptiveSamplerTrainTests {
  private let corpus = Fixtures.data("tiny/kjv-head.txt")

  /// The held-out cross-entropy after each epoch, from a run folder's metrics.jsonl.
  private func heldOutCrossEntropies(in folder: String) throws -> [Double] {
    let text = try String(contentsOfFile: folder + "/metrics.jsonl", encoding: .utf8)
    return try text.split(separator: "\n").compactMap { line in
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      return object?["heldout_cross_entropy"] as? Double
    }
  }

  /// A run on a tiny corpus trains: the held-out cross-entropy of its last epoch is below its
  /// first's, and the first is already below the uniform model's log V.
  @Test(arguments: [
    ["--sampler", "midx", "--codewords", "8", "--rebuild-every", "20"],
    ["--sampler", "resample", "--pool", "48"],
  ])
  func aRunWithBatchCandidatesTrains(sampler: [String]) throws {
    let folder = try Fixtures.temporaryDirectory("adaptive-\(sampler[1])") + "/run"
    let run = try SamplexProcess.run(
      [
        "train", corpus, "--output", folder, "--loss", "sampled-softmax", "--samples", "16",
        "--candidates", "batch", "--batch-size", "32", "--epochs", "4", "--threads", "1",
        "--dim", "16", "--min-count", "1", "--heldout", "0.1", "--seed", "3",
      ] + sampler)
    #expect(run.status == 0, "\(run.errors)")
    let vocabulary = try String(contentsOfFile: folder + "/vocab.txt", encoding: .utf8)
      .split(separator: "\n").count
    let crossEntropies = try heldOutCrossEntropies(in: folder)
    #expect(crossEntropies.count == 4)
    let (first, last) = (try #require(crossEntropies.first), try #require(crossEntropies.last))
    #expect(first < log(Double(vocabulary)), "\(crossEntropies) against log \(vocabulary)")
    #expect(last < first, "\(crossEntropies)")
  }

  /// Without batch candidates the sampler is refused, saying what to give.
  @Test(arguments: ["midx", "resample"])
  func aSamplerThatFollowsTheModelNeedsBatchCandidates(sampler: String) throws {
    let folder = try Fixtures.temporaryDirectory("refused-\(sampler)") + "/run"
    let refused = try SamplexProcess.run(
      ["train", corpus, "--output", folder, "--sampler", sampler, "--candidates", "window"])
    #expect(refused.status != 0)
    #expect(
      refused.errors
        == "Error: --sampler: \(sampler) reads the model once per minibatch of examples, and "
        + "candidates are shared per window here; give --candidates batch "
        + "(loss.candidates: batch), or another sampler.\n")
    #expect(!FileManager.default.fileExists(atPath: folder))
  }

  /// A sampler's own setting given with another sampler is refused, naming both.
  @Test func anotherSamplersSettingIsRefused() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    let refused = try SamplexProcess.run(
      ["train", corpus, "--output", folder, "--sampler", "unigram", "--pool", "64"])
    #expect(refused.status != 0)
    #expect(
      refused.errors
        == "Error: --pool: 'loss.pool' is a setting of the resample sampler, and this run's "
        + "sampler is unigram; leave it out, or give --sampler resample.\n")
  }
}
