import Synchronization

/// One pass over a corpus as training input: each worker reads its shard, tokenizes it, looks
/// up ids, subsamples, and hands whole sentences of ids to its own consumer.
///
/// Worker `w` draws from `Xoshiro256StarStar(seed: seed &+ w)`, so one worker with a seed sees
/// the same sentences and windows on every run.
public struct EpochStream: Sendable {
  public let source: any Corpus
  public let vocabulary: Vocabulary
  public let subsampler: Subsampler
  public let tokenizerOptions: TokenizerOptions
  /// The share of sentences held out of training (see `SentenceIDSink`).
  public let heldOutShare: Double

  public init(
    source: any Corpus, vocabulary: Vocabulary, subsampler: Subsampler,
    tokenizerOptions: TokenizerOptions, heldOutShare: Double = 0
  ) {
    self.source = source
    self.vocabulary = vocabulary
    self.subsampler = subsampler
    self.tokenizerOptions = tokenizerOptions
    self.heldOutShare = heldOutShare
  }

  /// What one worker did in a pass.
  public struct WorkerResult<Summary: Sendable>: Sendable {
    /// What the worker's consumer left, as `summarize` extracted it.
    public var summary: Summary
    public var statistics: TokenizerStatistics
    public var knownTokens: Int
    public var keptTokens: Int
  }

  /// Runs one pass with `workers` workers in parallel; `makeConsumer(w)` builds worker `w`'s
  /// consumer, and `summarize` turns it, once the worker's shard is done, into what is returned.
  /// With `positions` (one per worker), the pass goes on from there: each worker's generator
  /// is restored and the sentences it had taken are passed over; a finished worker reads
  /// nothing. With a `spool` of as many workers, a pass replays it when it is complete, and
  /// otherwise, when it starts at the beginning, writes it while reading the text.
  /// `leaving(w)` is called when worker `w` is done with the pass, however it ended.
  /// - Throws: the first error a reader or consumer raised.
  package func run<Consumer: SentenceConsumer, Summary: Sendable>(
    workers: Int, seed: UInt64, from positions: [WorkerPosition]? = nil, spool: IDSpool? = nil,
    leaving: @Sendable (Int) -> Void = { _ in },
    makeConsumer: @Sendable (Int) -> Consumer,
    summarize: @Sendable (inout Consumer) -> Summary
  ) throws -> [WorkerResult<Summary>] {
    precondition(positions == nil || positions?.count == workers, "one position per worker")
    precondition(spool == nil || spool?.workers == workers, "one spool file per worker")
    let results = Mutex([WorkerResult<Summary>?](repeating: nil, count: workers))
    let vocabulary = self.vocabulary
    let subsampler = self.subsampler
    let options = tokenizerOptions
    let heldOutShare = self.heldOutShare
    // The worker's sink, or nil once its result is in (a worker that had finished its shard).
    @Sendable func startWorker(_ worker: Int) -> SentenceIDSink<Consumer>? {
      let position = positions?[worker]
      var sink = SentenceIDSink(
        vocabulary: vocabulary, subsampler: subsampler,
        random: position?.streamRandom ?? Xoshiro256StarStar(seed: seed &+ UInt64(worker)),
        consumer: makeConsumer(worker), heldOutShare: heldOutShare)
      if position?.finished == true {
        let result = WorkerResult(
          summary: summarize(&sink.consumer), statistics: TokenizerStatistics(), knownTokens: 0,
          keptTokens: 0)
        results.withLock { $0[worker] = result }
        return nil
      }
      sink.sentencesToSkip = position?.sentences ?? 0
      return sink
    }
    @Sendable func endWorker(
      _ worker: Int, _ sink: inout SentenceIDSink<Consumer>, _ statistics: TokenizerStatistics
    ) {
      let result = WorkerResult(
        summary: summarize(&sink.consumer), statistics: statistics,
        knownTokens: sink.knownTokens, keptTokens: sink.keptTokens)
      results.withLock { $0[worker] = result }
    }
    if let spool, spool.isComplete {
      try spool.replayInParallel { worker in
        defer { leaving(worker) }
        guard var sink = startWorker(worker) else { return }
        try spool.replay(worker: worker, into: &sink)
        endWorker(worker, &sink, TokenizerStatistics())
      }
    } else {
      let spool = positions == nil ? spool : nil
      try source.readInParallel(workers: workers) { worker, reader in
        defer { leaving(worker) }
        guard var sink = startWorker(worker) else { return }
        let statistics = try IDSpool.tokenize(
          &reader, options: options, into: &sink, spool: spool
        ) { $0.spooling($1, worker: worker) }
        endWorker(worker, &sink, statistics)
      }
    }
    return results.withLock { $0.map { $0! } }
  }
}

extension EpochStream {
  /// One pass that only forms and counts skip-gram windows: the input pipeline measured alone.
  ///
  /// Called with a concrete consumer inside the library, `run` is specialized and the per-token
  /// path inlined; a generic call from another module would go through witness tables.
  public func countWindows(window: Int, workers: Int, seed: UInt64) throws
    -> [WorkerResult<WindowCounter>]
  {
    try run(workers: workers, seed: seed) { _ in
      WindowCounter(window: window)
    } summarize: {
      $0
    }
  }
}

/// Forms the context windows of every sentence and counts them: the stream's last stage, as
/// the benchmark of the input pipeline measures it.
public struct WindowCounter: SentenceConsumer, Sendable {
  private var windows: ContextWindows
  /// (context → centre) pairs formed: what skip-gram would train on.
  public private(set) var pairs = 0
  /// A checksum of the ids seen, so that nothing is optimized away.
  public private(set) var checksum: UInt64 = 0

  public init(window: Int) { windows = ContextWindows(window: window) }

  public mutating func consume(
    sentence: UnsafeBufferPointer<Int32>, knownTokens: Int, random: inout Xoshiro256StarStar
  ) {
    var pairs = self.pairs
    var checksum = self.checksum
    windows.forEachWindow(in: sentence, using: &random) { centre, contexts in
      pairs &+= contexts.count
      checksum =
        checksum &* 31 &+ UInt64(truncatingIfNeeded: centre)
        &+ UInt64(truncatingIfNeeded: contexts[0])
    }
    self.pairs = pairs
    self.checksum = checksum
  }
}
