/// A checkpoint's bytes given the checksum of what they hold, for the fuzz target that feeds
/// `read(path:)` damaged files: a mutated file whose sum no longer matches is refused at the
/// checksum, so only resealed mutations reach the field and range checks behind it. Offered
/// through `@_spi(Fuzzing)` only: a user never needs to make a damaged file look whole.
extension Checkpoint {
  /// `bytes` with their last 8 bytes replaced by the checksum of the ones before, as `write`
  /// ends a file; unchanged when they are fewer than 8.
  @_spi(Fuzzing) public static func resealed(_ bytes: [UInt8]) -> [UInt8] {
    guard bytes.count >= checksumSize else { return bytes }
    let body = bytes.count - checksumSize
    var checksum = CheckpointChecksum()
    bytes.withUnsafeBytes { checksum.add(UnsafeRawBufferPointer(rebasing: $0[..<body])) }
    var sealed = bytes
    withUnsafeBytes(of: checksum.value.littleEndian) { sealed.replaceSubrange(body..., with: $0) }
    return sealed
  }
}
