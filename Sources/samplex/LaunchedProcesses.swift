import Samplex

#if SAMPLEX_MPI
  import SamplexMPI
#endif

/// The processes a `samplex train` trains with (or `samplex sync` times): those `mpirun` started
/// with it, in a build with the `MPI` package trait; nil for a process started alone.
struct LaunchedProcesses {
  let group: any ProcessGroup
  private let finishing: () -> Void

  static func join() -> LaunchedProcesses? {
    #if SAMPLEX_MPI
      if let group = MPIProcessGroup.launched() {
        return LaunchedProcesses(group: group, finishing: group.finish)
      }
    #endif
    return nil
  }

  /// Ends this process's part in the job, once its run succeeded. A process that failed ends
  /// without it, and `mpirun` then ends every other process of the job.
  func finish() { finishing() }
}
