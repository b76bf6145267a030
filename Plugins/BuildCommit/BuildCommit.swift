import Foundation
import PackagePlugin

/// Records the git commit the package is built from in a Swift file of the target it is
/// applied to (`buildCommit`, `buildHasUncommittedChanges`), for `samplex --version` and the
/// provenance a run records. A prebuild command, so it runs at every build and follows new
/// commits; the file is rewritten only when its text changes, so that an unchanged commit
/// recompiles nothing. Built from anything but the package's own git checkout (a source
/// archive, even one unpacked inside another repository), the commit is "unknown".
@main
struct BuildCommit: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
    let output = context.pluginWorkDirectoryURL.appending(path: "Generated")
    return [
      .prebuildCommand(
        displayName: "Recording the git commit of \(target.name)",
        executable: URL(fileURLWithPath: "/bin/sh"),
        arguments: ["-c", Self.script, "sh", context.package.directoryURL.path, output.path],
        outputFilesDirectory: output)
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
