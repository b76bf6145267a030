/// A run that cannot use its folder without mixing with another run, with what to do.
public enum RunFolderError: Error, CustomStringConvertible, Equatable, Sendable {
  /// Another process holds the folder's lock (`RunFolderLock`); its id when it wrote one.
  case locked(folder: String, process: Int32?)
  /// A new run into a folder that holds files of a run (`RunFolder.runFiles`, some named).
  case holdsAnotherRun(folder: String, files: [String])
  /// A new run whose `--config` (`config`) lies in the folder of the run it would write into,
  /// as that run's `config.yaml` does: a repeat of that run, which goes to another folder.
  case repeatsItsOwnRun(folder: String, config: String)
  /// A resume of a folder whose config.yaml names no run (`output.run_id`), or another run than
  /// the one the resume began with.
  case namesNoRun(folder: String)
  /// A run folder's path that names something else, such as a file.
  case notAFolder(path: String)
  /// A run folder's path under a file (`file`, the nearest existing path above it), where no
  /// folder can be made.
  case underAFile(path: String, file: String)

  public var description: String {
    switch self {
    case .locked(let folder, let process):
      return "\(folder): another samplex run "
        + (process.map { "(process \($0)) " } ?? "")
        + "is training into this folder; wait for it to end, or give --output another folder."
    case .holdsAnotherRun(let folder, let files):
      let named = files.prefix(3).joined(separator: ", ")
      let more = files.count > 3 ? " and \(files.count - 3) more" : ""
      return "\(folder) holds the files of another run (\(named)\(more)), and a folder holds "
        + "one run; give --output a new folder, --resume \(folder) to continue that run, or "
        + "--overwrite to replace it."
    case .repeatsItsOwnRun(let folder, let config):
      return "\(config) lies in \(folder), the folder of the run it would repeat, and a folder "
        + "holds one run; to repeat that run give --output a new folder (say --output "
        + "\(folder.hasSuffix("/") ? String(folder.dropLast()) : folder)-again), or --overwrite "
        + "to replace it."
    case .notAFolder(let path):
      return "\(path) is not a folder, and a run writes a folder of files; give --output a "
        + "folder's path (a new one is made)."
    case .underAFile(let path, let file):
      return "\(path): \(file) is a file, not a folder, so the run's folder cannot be made in "
        + "it; give --output a path inside a folder."
    case .namesNoRun(let folder):
      return "\(folder)/config.yaml names no run (output.run_id: it was written by an earlier "
        + "version of Samplex, or edited), so no checkpoint can be matched to it; train the run "
        + "again with --overwrite."
    }
  }
}
