/// The processes that train one model together (the ranks of `mpirun -np N`), through the few
/// collective operations training needs. Every process calls each operation in the same order;
/// one that calls none waits for ever, so a process that fails must end the job (`mpirun`
/// does, when a process exits with an error). A step that process 0 alone takes goes through
/// `agree(onOutcomeOf:)`, so that its failure ends every process with its sentence.
///
/// The library holds no MPI code: the `MPI` package trait builds an implementation on Open MPI
/// (`SamplexMPI`), and `SingleProcess` is the group of one.
public protocol ProcessGroup: Sendable {
  /// This process's index, 0 ..< `size`; process 0 writes the run's files.
  var rank: Int { get }
  var size: Int { get }
  /// Replaces `values` on every process by their elementwise sum over all processes.
  func sum(_ values: UnsafeMutableBufferPointer<Float>)
  /// Replaces `values` on every process by their elementwise sum over all processes.
  func sum(_ values: UnsafeMutableBufferPointer<Double>)
  /// Every process's `bytes`, in rank order, at process 0; empty elsewhere.
  func gather(_ bytes: [UInt8]) -> [[UInt8]]
  /// Process 0's `bytes`, on every process (the others' `bytes` are not read).
  func broadcast(_ bytes: [UInt8]) -> [UInt8]
}

extension ProcessGroup {
  /// The ranks whose `value` differs from process 0's, on every process (each process's value
  /// goes to process 0, which hands every process the list of all).
  package func ranksDiffering(from value: UInt64) -> [Int] {
    let all = broadcast(gather(withUnsafeBytes(of: value) { Array($0) }).flatMap { $0 })
    let values = stride(from: 0, to: all.count, by: 8).map { offset in
      all.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
    }
    return values.indices.filter { values[$0] != values[0] }
  }
}

/// The group of one process: a run without `mpirun`.
public struct SingleProcess: ProcessGroup {
  public init() {}
  public var rank: Int { 0 }
  public var size: Int { 1 }
  public func sum(_ values: UnsafeMutableBufferPointer<Float>) {}
  public func sum(_ values: UnsafeMutableBufferPointer<Double>) {}
  public func gather(_ bytes: [UInt8]) -> [[UInt8]] { [bytes] }
  public func broadcast(_ bytes: [UInt8]) -> [UInt8] { bytes }
}
