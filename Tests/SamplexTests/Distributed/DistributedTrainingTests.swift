import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Samplex

/// Processes played by threads of this one: each collective waits until every member has
/// called it, then gives each the same exchange, as MPI would.
final class ThreadGroup: Sendable {
  let size: Int
  private let state: Mutex<(round: Int, arrived: Int, slots: [[UInt8]], results: [[UInt8]])>

  init(size: Int) {
    self.size = size
    state = Mutex((0, 0, Array(repeating: [], count: size), []))
  }

  /// Every member's `bytes`, in rank order, once every member has called it.
  func allGather(_ bytes: [UInt8], rank: Int) -> [[UInt8]] {
    let round = state.withLock { state in
      state.slots[rank] = bytes
      state.arrived += 1
      if state.arrived == size {
        (state.results, state.arrived) = (state.slots, 0)
        state.round += 1
        return state.round
      }
      return state.round + 1
    }
    while state.withLock({ $0.round < round }) { usleep(100) }
    return state.withLock { $0.results }
  }

  /// The member of rank `rank`.
  func member(_ rank: Int) -> Member { Member(group: self, rank: rank) }

  struct Member: ProcessGroup {
    let group: ThreadGroup
    let rank: Int
    var size: Int { group.size }

    func sum(_ values: UnsafeMutableBufferPointer<Float>) { add(values) }
    func sum(_ values: UnsafeMutableBufferPointer<Double>) { add(values) }

    /// Sums in rank order, so that every member gets the same bits.
    private func add<Element: BinaryFloatingPoint>(_ values: UnsafeMutableBufferPointer<Element>) {
      let all = group.allGather(Array(UnsafeRawBufferPointer(values)), rank: rank)
      for index in values.indices { values[index] = 0 }
      for bytes in all {
        bytes.withUnsafeBytes { raw in
          for (index, value) in raw.bindMemory(to: Element.self).enumerated() {
            values[index] += value
          }
        }
      }
    }

    func gather(_ bytes: [UInt8]) -> [[UInt8]] {
      let all = group.allGather(bytes, rank: rank)
      return rank == 0 ? all : []
    }

    func broadcast(_ bytes: [UInt8]) -> [UInt8] { group.allGather(bytes, rank: rank)[0] }
  }

  /// A run whose members had not all returned within its time limit: one waits for ever.
  struct TimedOut: Error {}

  /// `body` run by every member on its own thread; the results in rank order. With a
  /// `timeLimit` (seconds), throws `TimedOut` once it has passed with a member still running
  /// (its thread is left waiting), so that a test of a hang fails rather than hangs.
  func run<Result: Sendable>(
    timeLimit: Double? = nil, _ body: @escaping @Sendable (Member) throws -> Result
  ) throws -> [Result] {
    let results = Mutex([Result?](repeating: nil, count: size))
    let failures = Mutex([any Error]())
    // A thread each: members wait for one another, which a pool of fewer threads would not let
    // them do.
    let finished = DispatchGroup()
    for rank in 0..<size {
      finished.enter()
      Thread { [self] in
        defer { finished.leave() }
        do {
          let result = try body(member(rank))
          results.withLock { $0[rank] = result }
        } catch {
          failures.withLock { $0.append(error) }
        }
      }.start()
    }
    if let timeLimit {
      guard finished.wait(timeout: .now() + timeLimit) == .success else { throw TimedOut() }
    } else {
      finished.wait()
    }
    if let failure = failures.withLock({ $0.first }) { throw failure }
    return results.withLock { $0.map { $0! } }
  }
}

/// The bundled corpus's first `count` verses as a plain file in a new folder, a line each.
private func firstVerses(_ count: Int) throws -> (folder: String, source: TextSource) {
  let folder = try Fixtures.temporaryDirectory()
  let lines = try sentences(ofFile: Fixtures.bundledPlainCorpus).prefix(count).map {
    $0.joined(separator: " ")
  }
  let path = folder + "/corpus.txt"
  try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
  return (folder, try TextSource(path: path))
}

/// The sentences of `processes` parts in order, each part's read alone; checks that each
/// part's workers read what the part read alone gives, and that no part is empty.
private func processParts(_ processes: Int, _ part: (Int) -> any Corpus) throws -> [[String]] {
  var parts: [[[String]]] = []
  for index in 0..<processes {
    let part = part(index)
    var reader = try part.sequentialReader()
    let sequential = try sentences(of: &reader)
    #expect(try shardedSentences(of: part, workers: 2).flatMap { $0 } == sequential)
    if processes > 1 { #expect(!sequential.isEmpty) }
    parts.append(sequential)
  }
  return parts.flatMap { $0 }
}

@Suite struct DistributedTrainingTests {
  /// Each process's part, read alone or by its workers, and the parts in order are the whole
  /// text, for plain files and multi-frame .zst.
  @Test(arguments: [1, 2, 3])
  func processPartsTogetherAreTheWholeCorpus(processes: Int) throws {
    let plain = Fixtures.bundledPlainCorpus
    var reader = try TextSource(path: plain).sequentialReader()
    let compressed = try Fixtures.temporaryDirectory() + "/parts-\(processes).txt.zst"
    _ = try FrameCompressor(frameBytes: 1 << 14, level: 1).compress(&reader, to: compressed)
    for path in [plain, compressed] {
      let whole = try TextSource(path: path)
      #expect(try whole.splitsIntoParts)
      let parts = try processParts(processes) { whole.part($0, of: processes) }
      #expect(parts == (try sentences(ofFile: path)))
    }
  }

  /// A corpus of several files (plain and multi-frame .zst) splits among processes as one file
  /// does: each part read alone is what its workers read, and the parts in order are the files'
  /// text.
  @Test(arguments: [1, 2, 3])
  func processPartsOfSeveralFilesAreTheWholeCorpus(processes: Int) throws {
    let lines = try sentences(ofFile: Fixtures.bundledPlainCorpus).prefix(6000).map {
      $0.joined(separator: " ")
    }
    let folder = try Fixtures.temporaryDirectory()
    var paths: [String] = []
    for (index, range) in [0..<2000, 2000..<4500, 4500..<6000].enumerated() {
      let path = folder + "/part-\(index).txt"
      try (lines[range].joined(separator: "\n") + "\n").write(
        toFile: path, atomically: true, encoding: .utf8)
      paths.append(path)
    }
    var reader = try TextSource(path: paths[1]).sequentialReader()
    _ = try FrameCompressor(frameBytes: 1 << 13, level: 1).compress(
      &reader, to: paths[1] + ".zst")
    let whole = try CorpusFiles([paths[0], paths[1] + ".zst", paths[2]])
    #expect(try whole.splitsIntoParts)
    let parts = try processParts(processes) { whole.part($0, of: processes) }
    #expect(parts == lines.map { $0.split(separator: " ").map(String.init) })
    // A single-frame .zst among the files cannot be cut where a part's boundary may fall.
    var single = try TextSource(path: paths[2]).sequentialReader()
    _ = try FrameCompressor(frameBytes: 1 << 24, level: 1).compress(&single, to: paths[2] + ".zst")
    #expect(try !CorpusFiles([paths[0], paths[2] + ".zst"]).splitsIntoParts)
  }

  /// Standard input cannot be cut into parts.
  @Test func aPipeDoesNotSplitIntoParts() throws {
    let pipe = Pipe()
    // Written first: opening the source reads its first bytes.
    pipe.fileHandleForWriting.write("a b c\n".data(using: .utf8)!)
    try pipe.fileHandleForWriting.close()
    let source = try TextSource(path: "/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)")
    #expect(try !source.splitsIntoParts)
  }

  /// Processes that count their parts apart end with the vocabulary one process counting the
  /// whole corpus builds: the same words, counts and ids.
  @Test(arguments: [1, 2, 3])
  func sharedVocabularyIsTheSingleProcessVocabulary(processes: Int) throws {
    var options = TrainingOptions()
    options.workers = 2
    options.minCount = 2
    let whole = try TextSource(path: Fixtures.bundledPlainCorpus)
    let single = try VocabularyBuilder.vocabulary(of: whole, options: options).vocabulary
    let shared = try ThreadGroup(size: processes).run { [options] member in
      let (vocabulary, tokens) = try SharedVocabulary.vocabulary(
        of: whole.part(member.rank, of: processes), options: options, group: member)
      return (vocabulary.words, vocabulary.counts, tokens)
    }
    let tokens = try sentences(ofFile: Fixtures.bundledPlainCorpus).joined().count
    for (words, counts, sharedTokens) in shared {
      #expect(words == single.words)
      #expect(counts == single.counts)
      #expect(sharedTokens == tokens)
    }
  }

  /// A process whose workers spilled (each holds a quarter of `maxDistinct`, fewer than its
  /// shard's distinct words) merges its runs back into one table to send, since its part's
  /// distinct words fit `maxDistinct`: the vocabulary is still the single process's. A part
  /// past `maxDistinct` is refused by name.
  @Test func spilledPartsShareTheSingleProcessVocabulary() throws {
    var options = TrainingOptions()
    options.workers = 4
    options.minCount = 2
    let whole = try TextSource(path: Fixtures.bundledPlainCorpus)
    let single = try VocabularyBuilder.vocabulary(of: whole, options: options).vocabulary
    options.maxDistinct = 12_600
    let shared = try ThreadGroup(size: 2).run { [options] member in
      let part = whole.part(member.rank, of: 2)
      let counted = try VocabularyBuilder.counted(
        part, options: options, spool: nil, bytesRead: nil)
      let (vocabulary, _) = try SharedVocabulary.vocabulary(
        of: part, options: options, group: member)
      return (counted.merged.spillCount, vocabulary.words, vocabulary.counts)
    }
    for (spills, words, counts) in shared {
      #expect(spills > 0)
      let same = words == single.words && counts == single.counts
      #expect(same, "a spilled part's shared vocabulary differs from the single process's")
    }
    options.maxDistinct = 1000
    let refusals = try ThreadGroup(size: 2).run { [options] member in
      do {
        _ = try SharedVocabulary.vocabulary(
          of: whole.part(member.rank, of: 2), options: options, group: member)
        return nil as DistributedTrainingError?
      } catch let error as DistributedTrainingError {
        return error
      }
    }
    #expect(
      refusals.allSatisfy {
        $0 == .tooManyDistinctTokens(path: Fixtures.bundledPlainCorpus, maxDistinct: 1000)
      })
  }

  /// A process whose vocabulary differs from process 0's is named, on every process.
  @Test func differentVocabulariesAreRefusedOnEveryProcess() throws {
    let outcomes = try ThreadGroup(size: 3).run { member in
      let vocabulary = Vocabulary(
        words: ["a", "b"], counts: member.rank == 2 ? [5, 4] : [5, 3])
      do {
        try SharedVocabulary.checkSame(vocabulary, group: member)
        return nil as DistributedTrainingError?
      } catch let error as DistributedTrainingError {
        return error
      }
    }
    #expect(outcomes == Array(repeating: .vocabularyMismatch(ranks: [2]), count: 3))
  }

  /// Models trained apart end a pass equal, bit for bit, holding the mean of what the processes
  /// added to their rows over several intervals (half of each process's own), and every
  /// process has counted the words of all.
  @Test func synchronizerAveragesTheChangesAndAddsUpTheWords() throws {
    let processes = 2
    let ends = try ThreadGroup(size: processes).run { member in
      let model = Model(vocabularySize: 3, dimensions: 2, seed: 1)
      let progress = TrainingProgress()
      let synchronizer = ModelSynchronizer(group: member, interval: 0.005)
      synchronizer.during(model: model, progress: progress) {
        // Each process moves its own rows, over several synchronizations.
        for _ in 0..<5 {
          model.output.row(Int32(member.rank))[1] += Float(member.rank + 1)
          model.bias.row(Int32(member.rank))[0] -= 1
          progress.publish(
            words: 100 * (member.rank + 1), lossSum: 0, lossCount: 7 * (member.rank + 1))
          usleep(2000)
        }
      }
      return (
        model.input.array, model.output.array, model.bias.array,
        progress.wordsSeen.load(ordering: .relaxed), ModelSynchronizer.checksum(of: model),
        progress.examplesSeen.load(ordering: .relaxed)
      )
    }
    for end in ends {
      #expect(end.0 == ends[0].0)
      #expect(end.1 == ends[0].1)
      #expect(end.2 == ends[0].2)
      #expect(end.3 == 5 * 100 + 5 * 200)
      #expect(end.4 == ends[0].4)
      // Every process counts every process's examples, as its words.
      #expect(end.5 == 5 * 7 + 5 * 14)
    }
    #expect(ends[0].0 == Model(vocabularySize: 3, dimensions: 2, seed: 1).input.array)
    // Process 0 added 5 and process 1 10 to their rows, and both took 5 from their biases.
    #expect(ends[0].1 == [0, 2.5, 0, 5, 0, 0])
    #expect(ends[0].2 == [-2.5, -2.5, 0])
  }

  /// Two processes training together each train at twice the run's learning rate (their
  /// synchronizations average their changes), decaying by the words of both; one process at
  /// the run's rate.
  @Test func eachProcessTrainsAtTheRateTimesTheProcesses() throws {
    let source = try firstVerses(2000).source
    let options = {
      var options = plantedOptions()
      (options.epochs, options.minCount, options.learningRate) = (2, 3, 0.02)
      options.progressInterval = 0.001
      return options
    }()
    for processes in [1, 2] {
      let rates = try ThreadGroup(size: processes).run { member in
        let part = source.part(member.rank, of: processes)
        let (vocabulary, _) = try SharedVocabulary.vocabulary(
          of: part, options: options, group: member)
        let ticks = TickLog()
        _ = try TrainerFactory.train(
          options: options, source: part, vocabulary: vocabulary,
          synchronizer: processes > 1 ? ModelSynchronizer(group: member, interval: 0.01) : nil,
          report: { tick in ticks.ticks.withLock { $0.append(tick) } })
        let total = options.epochs * Int(vocabulary.totalCount)
        return ticks.ticks.withLock { ticks in
          ticks.map { ($0.learningRate, Float($0.wordsSeen) / Float(total)) }
        }
      }
      for (rate, share) in rates.joined() {
        let expected = Float(processes) * 0.02 * (1 - min(share, 1) * (1 - 1e-4))
        #expect(abs(rate - expected) <= 1e-6, "\(processes) processes at \(share) of the words")
      }
      // A tick before the run's end, where the two rates differ by far more than the tolerance.
      #expect(rates.joined().contains { $0.1 < 0.99 }, "\(processes) processes")
    }
  }

  /// By words alone, the processes synchronize once each has trained its share of the words
  /// (1,600 words of all, 8 synchronizations of the hot rows: 100 a process), not by time: a
  /// change made while no words are trained stays this process's, then reaches the other once
  /// both published their share.
  @Test func synchronizerByWordsWaitsForTheWords() throws {
    let seen = try ThreadGroup(size: 2).run(timeLimit: 60) { member in
      let model = Model(vocabularySize: 16, dimensions: 2, seed: 1)
      let progress = TrainingProgress()
      let synchronizer = ModelSynchronizer(group: member, interval: nil, words: 1600)
      return synchronizer.during(model: model, progress: progress) {
        // Row 0 is hot (`SyncTiers`): sent at every synchronization.
        if member.rank == 0 { model.output.row(0)[0] += 1 }
        usleep(300_000)
        let before = model.output.row(0)[0]
        progress.publish(words: 100, lossSum: 0, lossCount: 0)
        var after = model.output.row(0)[0]
        let start = Date()
        while after == before, Date().timeIntervalSince(start) < 20 {
          usleep(1000)
          after = model.output.row(0)[0]
        }
        return (before, after)
      }
    }
    // Three tenths of a second without words: no synchronization moved process 1's row.
    #expect(seen[1].0 == 0)
    // Their share of words sent process 0's change, as the mean, to both.
    #expect(seen[1].1 == 0.5)
    #expect(seen[0].1 == 0.5)
  }

  /// N processes' schedule is N times the run's rates at every point of the run.
  @Test func theScheduleOfNProcessesIsNTimesTheRunsRates() {
    var options = TrainingOptions()
    options.learningRate = 0.02
    let one = LearningRateSchedule(options, totalWords: 1000)
    #expect(one.start == 0.02 && one.end == options.endingLearningRate)
    for processes in [2, 3, 8] {
      let many = LearningRateSchedule(options, totalWords: 1000, processes: processes)
      let scale = Float(processes)
      #expect(many.start == 0.02 * scale && many.end == options.endingLearningRate * scale)
      for words in [0, 250, 999, 1000] {
        let ratio = many.rate(afterWords: words) / one.rate(afterWords: words)
        #expect(abs(ratio - scale) < 1e-5, "\(processes) processes after \(words) words")
      }
    }
  }

  /// By words alone, a stop requested on one process reaches every process's workers although
  /// no process comes near its share of the words: the processes still meet to share requests.
  @Test func aStopReachesEveryProcessByWordsAlone() throws {
    let paused = try ThreadGroup(size: 2).run(timeLimit: 60) { member in
      let model = Model(vocabularySize: 16, dimensions: 2, seed: 1)
      let synchronizer = ModelSynchronizer(group: member, interval: nil, words: 1_000_000_000)
      let stop = StopRequest()
      let pause = synchronizer.pauseRequest()
      return synchronizer.during(
        model: model, progress: TrainingProgress(), stop: stop, pause: pause
      ) {
        usleep(50_000)
        if member.rank == 1 { stop.request() }
        let start = Date()
        while pause?.isRequested != true, Date().timeIntervalSince(start) < 20 { usleep(1000) }
        return pause?.isRequested == true
      }
    }
    #expect(paused == [true, true])
  }

  /// The line a run of several processes logs names the rate each applies and the schedule.
  @Test func theProcessesLineNamesTheRateAndTheSchedule() {
    var options = TrainingOptions()
    options.learningRate = 0.025
    let line = Run.processesLine(options, processes: 2)
    #expect(line.hasPrefix("2 processes: each trains at 2 × the learning rate (0.05) "), "\(line)")
    #expect(line.contains("every row every 2.0 s, "), "\(line)")
    options.syncWords = 1_000_000
    #expect(
      Run.processesLine(options, processes: 4).contains(
        "at 4 × the learning rate (0.1) and moves the model by the mean of their changes, every "
          + "row every 1,000,000 words of all, "))
    options.syncSeconds = 0.5
    #expect(Run.processesLine(options, processes: 2).contains("every 0.5 s or 1,000,000 words"))
  }

  /// One process has nothing to synchronize: its pass runs as without a synchronizer.
  @Test func aSingleProcessPassIsLeftAlone() throws {
    let model = Model(vocabularySize: 2, dimensions: 2, seed: 1)
    let before = model.input.array
    let progress = TrainingProgress()
    let result = ModelSynchronizer(group: SingleProcess(), interval: 0.001).during(
      model: model, progress: progress
    ) {
      progress.publish(words: 7, lossSum: 0, lossCount: 0)
      return 42
    }
    #expect(result == 42)
    #expect(model.input.array == before)
    #expect(progress.wordsSeen.load(ordering: .relaxed) == 7)
  }
}

/// Checkpoints of processes training together: where they stop, what process 0 writes, and
/// the resume that goes on from it.
@Suite struct DistributedCheckpointTests {
  /// The first 3,000 verses (about 80,000 words, 40,000 a process): a stop requested at once
  /// pauses every process inside its part.
  private static func corpus() throws -> (folder: String, source: TextSource) {
    try firstVerses(3000)
  }

  /// Two epochs of the planted corpus's options, words of fewer than 3 left out.
  private static var options: TrainingOptions {
    var options = plantedOptions()
    (options.epochs, options.minCount) = (2, 3)
    return options
  }

  /// Each member trains its part (from `resume`), one of them asked to stop (`stopping`);
  /// returns each member's checkpoint named by the interruption, or its tables' checksum.
  private static func train(
    _ source: TextSource, into checkpoints: CheckpointFolder, resume: Checkpoint? = nil,
    stopping: Int? = nil
  ) throws -> [(saved: String?, checksum: UInt64?)] {
    try ThreadGroup(size: 2).run { member in
      let part = source.part(member.rank, of: 2)
      let (vocabulary, _) = try SharedVocabulary.vocabulary(
        of: part, options: options, group: member)
      let stop = StopRequest()
      if member.rank == stopping { stop.request() }
      do {
        let run = try TrainerFactory.train(
          options: options, source: part, vocabulary: vocabulary, checkpoints: checkpoints,
          resume: resume, stop: stop,
          synchronizer: ModelSynchronizer(group: member, interval: 0.01))
        return (nil, ModelSynchronizer.checksum(of: run.model))
      } catch TrainingError.interrupted(_, let saved) {
        return (saved, nil)
      }
    }
  }

  /// One process's stop stops both inside the epoch; process 0 writes one checkpoint with
  /// both processes' positions, which a resume of two processes finishes to equal tables and
  /// one process refuses.
  @Test func processesStopTogetherAndResumeFromOneCheckpoint() throws {
    let (folder, source) = try Self.corpus()
    let checkpoints = CheckpointFolder(path: folder, run: RunID(value: 11), settings: 5)
    let stopped = try Self.train(source, into: checkpoints, stopping: 1)
    let saved = try #require(stopped[0].saved)
    #expect(stopped[1].saved == saved)
    #expect(Checkpoint.stamps(in: folder) == [Checkpoint.Stamp(epochs: 0, part: 1)])
    let checkpoint = try Checkpoint.read(path: saved)
    #expect(checkpoint.processes == 2)
    #expect(checkpoint.positions.count == 2)
    #expect(checkpoint.positions.allSatisfy { !$0.finished && $0.sentences > 0 })
    #expect(checkpoint.positions(ofProcess: 0) != checkpoint.positions(ofProcess: 1))

    let resumed = try Self.train(source, into: checkpoints, resume: checkpoint)
    let checksum = try #require(resumed[0].checksum)
    #expect(resumed[1].checksum == checksum)
    #expect(Checkpoint.stamps(in: folder).last == Checkpoint.Stamp(epochs: 2))

    let vocabulary = try SharedVocabulary.vocabulary(
      of: source, options: Self.options, group: SingleProcess()
    ).vocabulary
    #expect(throws: TrainingError.self) {
      try checkpoint.checkFits(
        options: Self.options, vocabulary: vocabulary, readsFixedParts: true, processes: 1)
    }
    do {
      try checkpoint.checkProcesses(1)
      Issue.record("a checkpoint of two processes was taken up by one")
    } catch {
      #expect(error.description.contains("written by 2 processes"))
      #expect(error.description.contains("mpirun -np 2"))
    }
  }

  /// A checkpoint that process 0 cannot write (a folder holds its name) ends both processes
  /// after the pass, process 0 with its error and process 1 with that sentence, rather than
  /// leaving process 1 waiting for the checkpoint's path; nothing is left half-written.
  @Test func aCheckpointProcessZeroCannotWriteEndsEveryProcess() throws {
    let (folder, source) = try Self.corpus()
    let checkpoints = CheckpointFolder(path: folder, run: RunID(value: 12), settings: 5)
    let blocked = Checkpoint.path(in: checkpoints, stamp: Checkpoint.Stamp(epochs: 1))
    try FileManager.default.createDirectory(
      atPath: blocked + "/held", withIntermediateDirectories: true)
    let errors = try ThreadGroup(size: 2).run(timeLimit: 300) { member in
      let part = source.part(member.rank, of: 2)
      let (vocabulary, _) = try SharedVocabulary.vocabulary(
        of: part, options: Self.options, group: member)
      do {
        _ = try TrainerFactory.train(
          options: Self.options, source: part, vocabulary: vocabulary, checkpoints: checkpoints,
          synchronizer: ModelSynchronizer(group: member, interval: 0.01))
        return nil as String?
      } catch {
        return String(describing: error)
      }
    }
    let sentence = try #require(errors[0])
    #expect(sentence.hasPrefix(blocked + ": cannot be written (Is a directory)"), "\(sentence)")
    #expect(errors[1] == DistributedTrainingError.processZeroFailed(sentence: sentence).description)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
    #expect(!names.contains { $0.contains(".partial-") }, "\(names)")
    #expect(Checkpoint.stamps(in: folder) == [Checkpoint.Stamp(epochs: 1)])
  }
}

/// The progress ticks a run reported, in order.
private final class TickLog: Sendable {
  let ticks = Mutex<[ProgressTick]>([])
}
