import Samplex

/// The cells a bench config declares: every sampler × loss × candidate count of its `bench`
/// section, then the full softmax when asked for; and the seeds each cell trains under.
package struct BenchGrid: Sendable, Equatable {
  package let cells: [BenchCell]
  /// `bench.seeds`, read; nil: the config's `training.seed` alone.
  package let seeds: [UInt64]?

  /// Reads the grid's lists.
  /// - Parameter origins: where each key was set, for the error's first words.
  /// - Throws: `BenchError.badGridValue` naming the key and the word, `.emptyGrid`, or
  ///   `.noSeeds` for an empty `bench.seeds`.
  package init(_ settings: BenchSettings, origins: [String: ConfigurationOrigin] = [:]) throws {
    func origin(_ key: String) -> ConfigurationOrigin {
      origins["bench." + key] ?? .argument("bench." + key)
    }
    var samplers: [(TrainingOptions.SamplerKind, Double?)] = []
    for word in settings.samplers {
      guard let sampler = Self.sampler(word) else {
        throw BenchError.badGridValue(
          origin("samplers"), key: "bench.samplers", found: word,
          expected:
            "uniform, log-uniform, unigram, unigram^POWER (say unigram^0.75), midx or resample")
      }
      samplers.append(sampler)
    }
    var losses: [Loss] = []
    for word in settings.losses {
      guard let loss = Loss(rawValue: word), loss != .fullSoftmax else {
        throw BenchError.badGridValue(
          origin("losses"), key: "bench.losses", found: word,
          expected: "sampled-softmax, nce, negative-sampling or hierarchical-softmax (the full "
            + "softmax is bench.full_softmax)")
      }
      losses.append(loss)
    }
    var counts: [Int] = []
    for word in settings.samples {
      guard let count = Int(word), count >= 1 else {
        throw BenchError.badGridValue(
          origin("samples"), key: "bench.samples", found: word, expected: "a positive integer")
      }
      counts.append(count)
    }
    if let words = settings.seeds {
      guard !words.isEmpty else { throw BenchError.noSeeds(origin("seeds")) }
      seeds = try words.map { word in
        guard let seed = UInt64(word), seed >= 1 else {
          throw BenchError.badGridValue(
            origin("seeds"), key: "bench.seeds", found: word, expected: "a positive integer")
        }
        return seed
      }
    } else {
      seeds = nil
    }
    var cells: [BenchCell] = []
    for loss in losses {
      // The hierarchical softmax draws no candidates: one cell, whatever the grid's samplers.
      guard loss.drawsCandidates else {
        cells.append(BenchCell(loss: loss, sampler: nil, power: nil, samples: nil))
        continue
      }
      for (sampler, power) in samplers {
        for count in counts {
          cells.append(BenchCell(loss: loss, sampler: sampler, power: power, samples: count))
        }
      }
    }
    if settings.fullSoftmax { cells.append(.fullSoftmax) }
    guard !cells.isEmpty else { throw BenchError.emptyGrid }
    self.cells = cells
  }

  /// `uniform`, `log-uniform`, `unigram` (power from `loss.power`), `unigram^P`, `midx` or
  /// `resample`.
  private static func sampler(_ word: String) -> (TrainingOptions.SamplerKind, Double?)? {
    if let kind = TrainingOptions.SamplerKind(rawValue: word) { return (kind, nil) }
    let parts = word.split(separator: "^", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0] == "unigram", let power = Double(parts[1]), power >= 0,
      power.isFinite
    else { return nil }
    return (.unigram, power)
  }
}
