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
  /// The processes that trained together under `mpirun` (nil without it): a resume needs as
  /// many.
  public var processes: Int? = nil

  public var description: String {
    let launcher = processes.map { "mpirun -np \($0) " } ?? ""
    return "stopped during epoch \(epoch); "
      + (checkpoint.map {
        "saved \(FolderPath.lastComponent(of: $0)); resume with: \(launcher)samplex train "
          + "--resume \(folder)"
      } ?? "no checkpoint was written, so there is nothing to resume from")
  }
}
