import Foundation
import PackagePlugin

/// Records the git commit the package is built from in a Swift file of the target it is
/// applied to (`buildCommit`, `buildHasUncommittedChanges`), for `samplex --version` and the
/// provenance a run records. Built from anything but the package's own git checkout (a source
/// archive, even one unpacked inside another repository), the commit is "unknown".
///
/// A build command whose inputs are what moves when the commit or the working tree does: git's
/// `HEAD`, its log (written at every commit, checkout and reset), its index and packed refs, and
/// every source file of the package. A prebuild command, which SwiftPM documents as run at every
/// build, runs only when SwiftPM plans the build anew (a changed manifest or set of files;
/// swift-package-manager#5476), so a build after a commit kept naming the commit before. The
/// file is rewritten only when its text changes, so that an unchanged commit recompiles nothing.
@main
struct BuildCommit: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
    let output = context.pluginWorkDirectoryURL.appending(path: "Generated")
    let package = context.package.directoryURL
    let git = package.appending(path: ".git")
    let gitFiles = ["HEAD", "logs/HEAD", "index", "packed-refs"].map { git.appending(path: $0) }
      .filter { FileManager.default.fileExists(atPath: $0.path) }
    let sources = context.package.targets.compactMap { $0 as? any SourceModuleTarget }
      .flatMap { $0.sourceFiles.map(\.url) }
    return [
      .buildCommand(
        displayName: "Recording the git commit of \(target.name)",
        executable: URL(fileURLWithPath: "/bin/sh"),
        arguments: ["-c", Self.script, "sh", package.path, output.path],
        inputFiles: gitFiles + sources,
        outputFiles: [output.appending(path: "BuildCommit.swift")])
    ]
  }

  /// `$1` the package's folder, `$2` the folder of the generated file.
  static let script = #"""
    git=/usr/bin/git
    package=$(cd "$1" && pwd -P)
    commit=unknown
    changed=false
    top=$("$git" -C "$package" rev-parse --show-toplevel 2>/dev/null)
    if [ -n "$top" ] && [ "$(cd "$top" && pwd -P)" = "$package" ]; then
      commit=$("$git" -C "$package" rev-parse HEAD 2>/dev/null) || commit=unknown
      if [ "$commit" != unknown ] && ! "$git" -C "$package" diff --quiet HEAD -- 2>/dev/null; then
        changed=true
      fi
    fi
    text="// Written by the BuildCommit plugin at every build; not to be edited.
    let buildCommit = \"$commit\"
    let buildHasUncommittedChanges = $changed"
    mkdir -p "$2"
    if [ "$(cat "$2/BuildCommit.swift" 2>/dev/null)" != "$text" ]; then
      printf '%s\n' "$text" > "$2/BuildCommit.swift.new" && mv "$2/BuildCommit.swift.new" "$2/BuildCommit.swift"
    fi
    """#
}
