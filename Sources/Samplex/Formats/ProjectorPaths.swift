import Foundation
import SystemPackage

/// The two files of a projector pair that a path names. TensorBoard's Embedding Projector loads
/// any vectors TSV with any metadata TSV, so a path ending in `.tsv` is the vectors file itself
/// and the words go beside it; a folder holds the pair under the names TensorBoard's own
/// exporter uses.
public struct ProjectorPaths: Equatable, Sendable {
  /// One vector a line, values separated by tabs.
  public let tensors: String
  /// One word a line, in the order of `tensors`.
  public let metadata: String
  /// The folder to create before writing, when the pair lives in a folder of its own.
  public let folder: String?

  /// The pair in `folder`: `tensors.tsv` and `metadata.tsv`.
  public init(folder: String) {
    self.init(
      tensors: folder + "/" + ProjectorTSV.tensorsName,
      metadata: folder + "/" + ProjectorTSV.metadataName, folder: folder)
  }

  private init(tensors: String, metadata: String, folder: String?) {
    self.tensors = tensors
    self.metadata = metadata
    self.folder = folder
  }

  /// The pair `path` names: an existing folder or a path without `.tsv` is a folder of the pair;
  /// `tensors.tsv` or `metadata.tsv` is the pair in its folder; `X-metadata.tsv` is the words
  /// of `X.tsv`; any other `X.tsv` is the vectors, with the words in `X-metadata.tsv`.
  public init(_ path: String) {
    var isDirectory: ObjCBool = false
    let isFolder =
      FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      && isDirectory.boolValue
    // FilePath, not NSString: Foundation's path getters trap on a one-letter name ("Q").
    let name = FilePath(path).lastComponent?.string ?? ""
    let parent = FilePath(path).removingLastComponent().string
    if isFolder || !name.hasSuffix(".tsv") {
      self.init(folder: path)
    } else if name == ProjectorTSV.tensorsName || name == ProjectorTSV.metadataName {
      self.init(folder: parent.isEmpty ? "." : parent)
    } else if name.hasSuffix(Self.metadataSuffix) {
      self.init(
        tensors: String(path.dropLast(Self.metadataSuffix.count)) + ".tsv", metadata: path,
        folder: nil)
    } else {
      self.init(
        tensors: path, metadata: String(path.dropLast(".tsv".count)) + Self.metadataSuffix,
        folder: nil)
    }
  }

  /// What a vectors file `X.tsv`'s words file is called: `X-metadata.tsv`.
  public static let metadataSuffix = "-metadata.tsv"
}
