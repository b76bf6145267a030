/// Where one worker stands inside an epoch: enough to go on exactly from there. A worker stops
/// only right after publishing (its pending updates flushed, its learning rate a function of
/// the words seen), so its position is how many sentences it has taken from its shard and the
/// state of its two generators.
package struct WorkerPosition: Sendable, Equatable {
  /// Whether the worker has read its whole shard.
  package var finished: Bool
  /// Sentences with vocabulary words it has taken (trained on or held out): on resume, its
  /// shard is read from the start and these are passed over.
  package var sentences: Int
  /// The generator of subsampling and window sizes (`SentenceIDSink`); unused once finished.
  package var streamRandom: Xoshiro256StarStar
  /// The generator of candidates (`Workspace`).
  package var lossRandom: Xoshiro256StarStar
  /// The held-out sentences collected so far (first epoch only).
  package var heldOut: [[Int32]]

  package init(
    finished: Bool, sentences: Int, streamRandom: Xoshiro256StarStar,
    lossRandom: Xoshiro256StarStar, heldOut: [[Int32]]
  ) {
    self.finished = finished
    self.sentences = sentences
    self.streamRandom = streamRandom
    self.lossRandom = lossRandom
    self.heldOut = heldOut
  }
}
