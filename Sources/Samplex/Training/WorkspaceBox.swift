/// A worker's `Workspace`, held by reference: a `TrainingWorker` is a copyable
/// `SentenceConsumer`, and a copyable struct cannot hold a noncopyable value. Copies of the
/// worker (the spooling sink wraps one) share the one workspace, which is freed with the box.
final class WorkspaceBox {
  var workspace: Workspace

  init(_ workspace: consuming Workspace) {
    self.workspace = workspace
  }
}
