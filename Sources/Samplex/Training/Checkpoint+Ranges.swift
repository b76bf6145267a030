/// The ranges a checkpoint's values must lie in, whatever run it is resumed by: a file whose
/// checksum holds may still have been written wrongly, or made by hand, and a word id past the
/// vocabulary would read outside the tables (`HeldOutSet.losses`), a words seen near 2^63
/// overflow the count it goes on from. `checkFits` then checks them against the run.
extension Checkpoint {
  /// More words than any corpus a run reads in all its epochs: a count near `Int.max` would
  /// overflow as the run adds to it.
  static let maxWordsSeen = 1 << 56
  /// More epochs, checkpoints inside one, or sentences a worker takes than any run gets to.
  static let maxCount = 1 << 40
  /// More processes than any job starts, and more workers of all of them than a checkpoint
  /// holds positions of.
  static let maxProcesses = 1 << 20
  static let maxPositions = 1 << 24

  /// Why the values are out of range, or nil when they all lie in it.
  var rangeProblem: String? {
    let words = Int32(clamping: vocabularySize)
    func outside(_ ids: [Int32]) -> Bool { ids.contains { $0 < 0 || $0 >= words } }
    guard epochsDone <= Self.maxCount, part <= Self.maxCount else {
      return "its epoch \(epochsDone) or part \(part) is past any run's"
    }
    guard (1...Self.maxProcesses).contains(processes), positions.count % processes == 0 else {
      return "its \(positions.count) workers' positions do not belong to its \(processes) processes"
    }
    guard (0...Self.maxWordsSeen).contains(wordsSeen) else {
      return "its words seen, \(wordsSeen), are past what any run trains"
    }
    if let heldOut, outside(heldOut.contexts) || outside(heldOut.centres) {
      return "a held-out pair names a word id outside its \(vocabularySize) words"
    }
    // One cross-entropy after each epoch, when there are held-out pairs to measure.
    guard crossEntropies.count == (heldOut == nil ? 0 : epochsDone) else {
      return
        "it holds \(crossEntropies.count) cross-entropies for \(heldOut == nil ? 0 : epochsDone) "
        + "epochs measured"
    }
    // NaN and infinity are measurements (of a model that went on to diverge), not damage.
    guard !crossEntropies.contains(where: { $0 < 0 }) else {
      return "a cross-entropy is negative"
    }
    for (worker, position) in positions.enumerated() {
      guard position.sentences <= Self.maxCount else {
        return "worker \(worker + 1) has taken \(position.sentences) sentences, past any corpus"
      }
      guard !position.heldOut.contains(where: outside) else {
        return "worker \(worker + 1)'s held-out sentences name a word id outside its "
          + "\(vocabularySize) words"
      }
    }
    return nil
  }
}
