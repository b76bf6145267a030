/// Whose run a checkpoint is.
extension Checkpoint {
  /// Refuses this checkpoint unless the run `folder` describes wrote it: the same run id (the
  /// folder's `config.yaml` names the run the folder holds) and the same digest of the settings
  /// a resume keeps. `samplex train --resume` checks it before it writes anything.
  /// - Throws: `TrainingError.checkpointOfAnotherRun` or `.checkpointMismatch`.
  public func checkBelongs(to folder: CheckpointFolder) throws(TrainingError) {
    let name = "checkpoint-\(stamp).bin"
    guard run == folder.run else {
      throw TrainingError.checkpointOfAnotherRun(
        path: folder.path + "/" + name, run: run, folderRun: folder.run)
    }
    guard settings == folder.settings else {
      throw TrainingError.checkpointMismatch(
        path: name,
        reason:
          "it was written under other settings than config.yaml holds now: a key a resume keeps ("
          + ResumeSettings.keys.joined(separator: ", ") + ") was edited since")
    }
  }

  /// The run that wrote the checkpoint at `path`, from its header alone; nil when the file
  /// cannot be read or is not a checkpoint of this layout.
  static func run(ofFileAt path: String) -> RunID? {
    let offset = magic.count + 8 * 8
    var head = [UInt8](repeating: 0, count: offset + 8)
    guard let file = try? OpenFile(path: path),
      (try? head.withUnsafeMutableBytes { try file.fill($0, at: 0) }) == head.count,
      Array(head.prefix(magic.count)) == magic
    else { return nil }
    return head.withUnsafeBytes {
      RunID(value: UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
    }
  }
}
