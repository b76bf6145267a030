/// A run stopped by a stop request (SIGINT, SIGTERM) before its epochs ended; the process that
/// writes the run folder has written its metrics and, where it could, a checkpoint to resume
/// from.
public struct RunInterruption: Error, CustomStringConvertible, Sendable {
  /// The epoch it stopped in (from 1).
  public let epoch: Int
  /// The checkpoint written, if any.
  public let checkpoint: String?
  /// The run folder.
  public let folder: String

  public var description: String {
    "stopped during epoch \(epoch); "
      + (checkpoint.map {
        "saved \(FolderPath.lastComponent(of: $0)); resume with: samplex train --resume \(folder)"
      } ?? "no checkpoint was written, so there is nothing to resume from")
  }
}
