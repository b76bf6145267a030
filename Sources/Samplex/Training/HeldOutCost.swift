import Foundation

/// What scoring the held-out pairs after an epoch costs beside the epoch's training, in
/// multiply-adds, and how many pairs a run scores when `training.heldout_pairs` is not set: as
/// many as cost `epochShare` (5%) of an epoch, at least `minimumPairs` and at most
/// `TrainingOptions.defaultHeldOutPairs`. It is decided from what is known once the vocabulary
/// is (the settings, the words and their counts), all of which a resume keeps, so that a
/// resumed run scores as many pairs as it began with.
///
/// The estimates, for V words, d dimensions, a window of w and P processes, only right within a
/// factor of about 2:
///
/// - A held-out pair (`HeldOutSet.losses`). Under the softmax the costly part is each distinct
///   context word's product with all V output rows, and the pairs come from whole windows, so a
///   context word serves about 2w of them (fewer at a sentence's ends, more where it repeats);
///   each pair adds its own logit: (V / 2w + 1)·d. Under the hierarchical softmax's tree, the
///   centre's path: ⌈log₂ V⌉·d.
/// - An epoch. It trains K words: Σ count × keep probability (`Subsampler`), less the held-out
///   share of the sentences (`training.heldout`), which it leaves out. Each centre's window is
///   reduced to r words a side, r uniform on 1…w (`ContextWindows`): w + 1 context words on
///   average away from a sentence's ends. An example reads and updates R output rows: S + 1
///   under the sampled losses, V under the full softmax, ⌈log₂ V⌉ under the hierarchical
///   softmax (whose Huffman paths are shorter on average, but the same R prices its held-out
///   pairs, so the two cancel). An output row costs 3d: the logit's dot product, the input's
///   gradient and the row's update. Skip-gram trains w + 1 examples a word, each 3R·d and d for
///   its context row's update; CBOW one example a word, 3R·d and 2(w + 1)·d for the context
///   rows' mean and their updates. With P processes, each trains K / P words of an epoch and
///   scores held-out pairs of its own.
/// - The pairs: ⌊0.05 × epoch / pair⌋, from 100 to 2000.
///
/// The epoch leaves out the samplers' own work, and the held-out products run through BLAS,
/// faster per multiply-add than training's rows one at a time: the yardstick's share of the
/// time is smaller than its share of the multiply-adds. At V = 10^7, d = 300, w = 5 and
/// skip-gram with negative sampling's 5 candidates, a pair costs about 3·10^8 multiply-adds and a
/// kept word 6 × 19 × 300 = 34,200: 2000 pairs cost 5% of an epoch of 3.5·10^8 kept words.
package struct HeldOutCost: Sendable {
  /// The share of an epoch's multiply-adds the pairs may cost when their number is not set.
  package static let epochShare = 0.05
  /// The fewest pairs scored when their number is not set: enough that the mean over them still
  /// says something (its standard error a tenth of the pairs' spread).
  package static let minimumPairs = 100

  /// One epoch's training on one process, in multiply-adds.
  package let epochMultiplyAdds: Double
  /// Scoring one held-out pair, in multiply-adds.
  package let pairMultiplyAdds: Double

  /// The costs of a run of `options` over `vocabulary`, trained by `processes` processes.
  package init(options: TrainingOptions, vocabulary: Vocabulary, processes: Int = 1) {
    let words = Double(vocabulary.count)
    let dimensions = Double(options.dimensions)
    let window = Double(options.window)
    let path = max(1, log2(words).rounded(.up))
    let outputs =
      switch options.loss {
      case .negativeSampling, .nce, .sampledSoftmax: Double(options.samples + 1)
      case .fullSoftmax: words
      case .hierarchicalSoftmax: path
      }
    let perWord =
      switch options.architecture {
      case .skipGram: (window + 1) * (3 * outputs + 1) * dimensions
      case .cbow: (3 * outputs + 2 * (window + 1)) * dimensions
      }
    let kept =
      Subsampler.expectedKeptWords(of: vocabulary, threshold: options.subsample)
      * (1 - options.heldOutShare)
    epochMultiplyAdds = kept * perWord / Double(max(processes, 1))
    pairMultiplyAdds =
      options.loss == .hierarchicalSoftmax
      ? path * dimensions : (words / (2 * window) + 1) * dimensions
  }

  /// `options` with their held-out pairs decided: as set, else `automaticPairs` of a run over
  /// `vocabulary` by `processes` processes.
  package static func decided(
    _ options: TrainingOptions, vocabulary: Vocabulary, processes: Int = 1
  ) -> TrainingOptions {
    guard options.heldOutPairsSetting == nil else { return options }
    return HeldOutCost(options: options, vocabulary: vocabulary, processes: processes)
      .decided(options)
  }

  /// `options` (those this cost was worked out for) with their held-out pairs decided: as set,
  /// else `automaticPairs`.
  package func decided(_ options: TrainingOptions) -> TrainingOptions {
    guard options.heldOutPairsSetting == nil else { return options }
    var decided = options
    decided.heldOutPairs = automaticPairs
    return decided
  }

  /// The share of an epoch's multiply-adds that scoring `pairs` pairs costs.
  package func epochShare(ofPairs pairs: Int) -> Double {
    pairs == 0 ? 0 : Double(pairs) * pairMultiplyAdds / epochMultiplyAdds
  }

  /// The pairs that cost `epochShare` of an epoch, unbounded.
  private var affordablePairs: Double { Self.epochShare * epochMultiplyAdds / pairMultiplyAdds }

  /// The pairs scored when their number is not set: `affordablePairs`, from `minimumPairs` to
  /// `TrainingOptions.defaultHeldOutPairs`.
  package var automaticPairs: Int {
    let most = Double(TrainingOptions.defaultHeldOutPairs)
    return Int(min(most, max(Double(Self.minimumPairs), affordablePairs.rounded(.down))))
  }

  /// The line a run prints about its held-out pairs under `options` (as given, before
  /// `decided`): when none are set and fewer than the default are scored, how many and why;
  /// when a number is set that costs more than `epochShare` of an epoch, what it costs. Nil
  /// otherwise.
  package func note(for options: TrainingOptions) -> String? {
    let most = TrainingOptions.defaultHeldOutPairs
    guard let set = options.heldOutPairsSetting else {
      let pairs = automaticPairs
      guard pairs < most else { return nil }
      let why =
        affordablePairs < Double(Self.minimumPairs)
        ? "; the fewest it scores, they cost about \(Self.shown(epochShare(ofPairs: pairs)))"
        : " so that it costs about \(Self.shown(Self.epochShare))"
      return "held-out cross-entropy on \(pairs) pairs (capped from \(most)\(why))"
    }
    let share = epochShare(ofPairs: set)
    guard share > Self.epochShare else { return nil }
    return "held-out cross-entropy on \(set) pairs (training.heldout_pairs) costs about "
      + "\(Self.shown(share)); unset, it would score \(automaticPairs)"
  }

  /// A share of an epoch in words: a percentage up to twice an epoch, else a multiple.
  private static func shown(_ share: Double) -> String {
    share < 2
      ? String(format: "%.0f%% of an epoch", share * 100)
      : String(format: "%.0f times an epoch", share)
  }
}
