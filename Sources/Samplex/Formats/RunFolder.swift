import Foundation
import SystemPackage

/// A run folder as a run finds it: the files of a run it holds (`RunFile`s and checkpoints;
/// the user's other files there are none of a run's business) and the run its `config.yaml`
/// names. A folder holds one run: a new run is admitted only into a folder holding none, or
/// told to replace the one there; a resume only into the folder of its own run.
package struct RunFolder {
  package let path: String
  /// The names of the run files the folder holds, sorted.
  package let runFiles: [String]
  /// The run its `config.yaml` names: nil without one, or when it names none.
  package let run: RunID?
  /// Whether something other than a folder has the folder's path.
  package let isOtherThanFolder: Bool
  /// The nearest existing path above the folder when it is not a folder (a file), where the
  /// folder cannot be made.
  package let fileAbove: String?

  /// Reads what `path` holds (nothing when it does not exist).
  package init(path: String) {
    self.path = path
    var isFolder: ObjCBool = false
    isOtherThanFolder =
      FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
    fileAbove = Self.fileAbove(path)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    runFiles = names.filter(Self.isRunFile).sorted()
    var configuration = RunConfiguration()
    var origins: [String: ConfigurationOrigin] = [:]
    if let assignments = try? ConfigurationYAML.read(path: RunFile.config.path(in: path)) {
      configuration.apply(assignments, origins: &origins)
    }
    run = configuration.runID
  }

  /// The nearest existing path above `path`, when it is not a folder.
  private static func fileAbove(_ path: String) -> String? {
    // FilePath, not NSString: Foundation's path getters trap on a one-letter name ("Q").
    var above = FilePath(path).removingLastComponent()
    while !above.isEmpty {
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: above.string, isDirectory: &isFolder) {
        return isFolder.boolValue ? nil : above.string
      }
      let next = above.removingLastComponent()
      if next == above { return nil }
      above = next
    }
    return nil
  }

  /// Whether `name` is a file a run writes: a `RunFile` or a checkpoint.
  package static func isRunFile(_ name: String) -> Bool {
    RunFile(rawValue: name) != nil || Checkpoint.Stamp(fileName: name) != nil
  }

  /// Refuses a new run into the folder while it holds another's files, unless told to replace
  /// them (`overwrite`; `removeRunFiles()` then clears them).
  /// - Throws: `RunFolderError.holdsAnotherRun`, `.notAFolder` when a file has its path, or
  ///   `.underAFile` when a file is where a folder above it would be.
  package func admitNewRun(overwrite: Bool) throws(RunFolderError) {
    guard !isOtherThanFolder else { throw RunFolderError.notAFolder(path: path) }
    if let fileAbove { throw RunFolderError.underAFile(path: path, file: fileAbove) }
    guard overwrite || runFiles.isEmpty else {
      throw RunFolderError.holdsAnotherRun(folder: path, files: runFiles)
    }
  }

  /// Refuses a resume of `run` (the run the folder's config.yaml named when the resume began)
  /// unless the folder still holds that run.
  /// - Throws: `RunFolderError.namesNoRun`, or `.holdsAnotherRun` when another run replaced it.
  package func admitResume(of run: RunID?) throws(RunFolderError) {
    guard let run, let own = self.run else { throw RunFolderError.namesNoRun(folder: path) }
    guard own == run else { throw RunFolderError.holdsAnotherRun(folder: path, files: runFiles) }
  }

  /// Removes the run files the folder holds, and the temporary files of their writers that a
  /// killed process left: what `--overwrite` clears before a new run writes. The lock file and
  /// every other file stay.
  /// - Throws: `CorpusError.unwritable` naming a file that cannot be removed.
  package func removeRunFiles() throws {
    for name in runFiles {
      guard unlink(path + "/" + name) == 0 || errno == ENOENT else {
        throw CorpusError.unwritable(
          path: path + "/" + name, reason: String(cString: strerror(errno)))
      }
    }
    AtomicFile.removeAbandoned(in: path, isOurs: Self.isRunFile)
  }
}
