/// This build of Samplex: its version, and the git commit it was built from (the BuildCommit
/// plugin writes `buildCommit` at every build).
public enum SamplexBuild {
  /// The version, by semantic versioning: 0.x while the formats and flags may still change.
  public static let version = "0.9.0"

  /// The full hash of the commit built from, or "unknown" when built from something other than
  /// the package's git checkout.
  public static let commit = buildCommit

  /// Whether the checkout held changes to tracked files that no commit has: the build is then
  /// the commit and something more.
  public static let hasUncommittedChanges = buildHasUncommittedChanges

  /// "0.9.0 (commit 1a2b3c…)", with ", with uncommitted changes" when it had some.
  public static var description: String {
    describe(version: version, commit: commit, uncommittedChanges: hasUncommittedChanges)
  }

  /// The words `description` uses, for any build (a run's record of another).
  public static func describe(version: String, commit: String, uncommittedChanges: Bool)
    -> String
  {
    "\(version) (commit \(commit)" + (uncommittedChanges ? ", with uncommitted changes)" : ")")
  }
}
