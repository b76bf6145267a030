#if SAMPLEX_MPI
  import CMPI
  import Foundation
  import Samplex

  /// The processes `mpirun` started, as a `ProcessGroup` on Open MPI's world communicator.
  ///
  /// Training calls MPI from two threads, one at a time (the vocabulary, the checkpoints between
  /// passes and the end of the run on the main thread, the synchronizations on `ModelSynchronizer`'s
  /// thread, which the main thread waits for), so MPI is asked for `MPI_THREAD_SERIALIZED`.
  public final class MPIProcessGroup: ProcessGroup {
    public let rank: Int
    public let size: Int
    /// The most elements one MPI call moves: its counts are 32-bit.
    private static let chunk = 1 << 30

    private init(rank: Int, size: Int) {
      self.rank = rank
      self.size = size
    }

    /// The group of the processes `mpirun` started with this one (MPI initialized), or nil when
    /// no MPI launcher started it (Open MPI's `mpirun` sets `OMPI_COMM_WORLD_SIZE`; PMIx
    /// launchers such as `srun` set `PMIX_RANK`): a plain run stays a plain run.
    public static func launched() -> MPIProcessGroup? {
      let environment = ProcessInfo.processInfo.environment
      guard environment["OMPI_COMM_WORLD_SIZE"] != nil || environment["PMIX_RANK"] != nil else {
        return nil
      }
      var provided: Int32 = 0
      MPI_Init_thread(nil, nil, Int32(MPI_THREAD_SERIALIZED), &provided)
      var rank: Int32 = 0
      var size: Int32 = 0
      MPI_Comm_rank(samplex_mpi_comm_world(), &rank)
      MPI_Comm_size(samplex_mpi_comm_world(), &size)
      return MPIProcessGroup(rank: Int(rank), size: Int(size))
    }

    /// Ends this process's part in the job once its run succeeded (every process calls it).
    public func finish() {
      MPI_Finalize()
    }

    public func sum(_ values: UnsafeMutableBufferPointer<Float>) {
      sum(values, type: samplex_mpi_float())
    }

    public func sum(_ values: UnsafeMutableBufferPointer<Double>) {
      sum(values, type: samplex_mpi_double())
    }

    private func sum<Element>(_ values: UnsafeMutableBufferPointer<Element>, type: MPI_Datatype) {
      guard let base = values.baseAddress else { return }
      for start in stride(from: 0, to: values.count, by: Self.chunk) {
        MPI_Allreduce(
          samplex_mpi_in_place(), base + start, Int32(min(Self.chunk, values.count - start)),
          type, samplex_mpi_sum(), samplex_mpi_comm_world())
      }
    }

    public func gather(_ bytes: [UInt8]) -> [[UInt8]] {
      // Point to point, in rank order: a table of counts can pass 2 GiB, which MPI_Gatherv's
      // 32-bit counts and offsets cannot hold.
      guard rank == 0 else {
        var length = Int64(bytes.count)
        MPI_Send(&length, 1, samplex_mpi_int64(), 0, 0, samplex_mpi_comm_world())
        var bytes = bytes
        bytes.withUnsafeMutableBytes { transfer($0) { MPI_Send($0, $1, $2, 0, 0, $3) } }
        return []
      }
      var gathered = [bytes]
      for source in 1..<size {
        var length: Int64 = 0
        MPI_Recv(
          &length, 1, samplex_mpi_int64(), Int32(source), 0, samplex_mpi_comm_world(),
          samplex_mpi_status_ignore())
        var received = [UInt8](repeating: 0, count: Int(length))
        received.withUnsafeMutableBytes {
          transfer($0) { MPI_Recv($0, $1, $2, Int32(source), 0, $3, samplex_mpi_status_ignore()) }
        }
        gathered.append(received)
      }
      return gathered
    }

    public func broadcast(_ bytes: [UInt8]) -> [UInt8] {
      var length = Int64(bytes.count)
      MPI_Bcast(&length, 1, samplex_mpi_int64(), 0, samplex_mpi_comm_world())
      var bytes = rank == 0 ? bytes : [UInt8](repeating: 0, count: Int(length))
      bytes.withUnsafeMutableBytes {
        transfer($0) { MPI_Bcast($0, $1, $2, 0, $3) }
      }
      return bytes
    }

    /// Moves `buffer` in calls of at most `chunk` bytes, each made by `call` with the address,
    /// count, type and communicator.
    private func transfer(
      _ buffer: UnsafeMutableRawBufferPointer,
      _ call: (UnsafeMutableRawPointer, Int32, MPI_Datatype, MPI_Comm) -> Int32
    ) {
      guard let base = buffer.baseAddress else { return }
      for start in stride(from: 0, to: buffer.count, by: Self.chunk) {
        _ = call(
          base + start, Int32(min(Self.chunk, buffer.count - start)), samplex_mpi_byte(),
          samplex_mpi_comm_world())
      }
    }
  }
#endif
