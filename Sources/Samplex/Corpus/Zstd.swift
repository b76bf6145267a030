internal import CZstd

/// The one place that talks to libzstd: a streaming decoder and a frame encoder, each owning its
/// context. Every `size_t` libzstd returns passes through `check(_:operation:)`.

/// Why a zstd call failed, with libzstd's own name for the error.
package struct ZstdFailure: Error, CustomStringConvertible, Sendable {
  /// What Samplex was doing (`decompressing`, `compressing`, …).
  package var operation: String
  /// libzstd's error name, e.g. `Unknown frame descriptor`.
  package var reason: String
  package var description: String { "zstd failed while \(operation): \(reason)" }
}

private func check(_ code: Int, operation: String) throws(ZstdFailure) -> Int {
  if ZSTD_isError(code) != 0 {
    throw ZstdFailure(operation: operation, reason: String(cString: ZSTD_getErrorName(code)))
  }
  return code
}

/// A streaming zstd decompressor over caller-owned buffers; frames of a multi-frame input are
/// decoded one after another.
///
/// Not thread-safe: one decoder serves one reader on one thread.
package final class ZstdDecoder {
  private let context: OpaquePointer

  /// The input buffer size libzstd recommends for streaming.
  /// The corresponding C function is `ZSTD_DStreamInSize`.
  package static var recommendedInputSize: Int { ZSTD_DStreamInSize() }
  /// The output buffer size libzstd recommends for streaming.
  /// The corresponding C function is `ZSTD_DStreamOutSize`.
  package static var recommendedOutputSize: Int { ZSTD_DStreamOutSize() }

  /// Creates a decoder.
  /// - Throws: `ZstdFailure` when libzstd cannot allocate a context.
  package init() throws(ZstdFailure) {
    guard let context = ZSTD_createDCtx() else {
      throw ZstdFailure(operation: "creating a decompression context", reason: "out of memory")
    }
    self.context = context
  }

  deinit { ZSTD_freeDCtx(context) }

  /// Decodes from `input[inputPosition...]` into `output`, advancing `inputPosition`.
  ///
  /// - Returns: the bytes written, and libzstd's hint: 0 when a frame has just been completely
  ///   decoded and flushed, otherwise a positive size of input it would like next.
  /// - Throws: `ZstdFailure` on corrupt input.
  /// The corresponding C function is `ZSTD_decompressStream`.
  package func decompress(
    _ input: UnsafeRawBufferPointer, inputPosition: inout Int,
    into output: UnsafeMutableRawBufferPointer
  ) throws(ZstdFailure) -> (written: Int, hint: Int) {
    var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: inputPosition)
    var outBuffer = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
    let code = ZSTD_decompressStream(context, &outBuffer, &inBuffer)
    inputPosition = inBuffer.pos  // how far the decoder got, also when it fails
    return (outBuffer.pos, try check(code, operation: "decompressing"))
  }
}

@available(*, unavailable)
extension ZstdDecoder: Sendable {}

/// A zstd compressor that turns each call's input into one complete frame, so that the frames of
/// a file can later be decoded independently (and in parallel).
package final class ZstdEncoder {
  private let context: OpaquePointer
  private var output: UnsafeMutableRawBufferPointer

  /// Creates an encoder at a zstd compression `level` (1…19; 3 is zstd's default), writing a
  /// content checksum into every frame.
  /// The corresponding C functions are `ZSTD_createCCtx` and `ZSTD_CCtx_setParameter`.
  package init(level: Int) throws(ZstdFailure) {
    guard let context = ZSTD_createCCtx() else {
      throw ZstdFailure(operation: "creating a compression context", reason: "out of memory")
    }
    // Set up before any property is stored: an initializer that throws once every stored
    // property is set runs `deinit`, which would free them a second time.
    do {
      _ = try check(
        ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, Int32(clamping: level)),
        operation: "setting the compression level")
      _ = try check(
        ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1), operation: "enabling checksums")
    } catch {
      ZSTD_freeCCtx(context)
      throw error
    }
    self.context = context
    output = .allocate(byteCount: ZSTD_CStreamOutSize(), alignment: 64)
  }

  deinit {
    ZSTD_freeCCtx(context)
    output.deallocate()
  }

  /// Compresses `input` into one complete frame, handing the compressed bytes to `write` piece by
  /// piece.
  /// The corresponding C function is `ZSTD_compressStream2` with `ZSTD_e_end`.
  package func compressFrame(
    _ input: UnsafeRawBufferPointer, write: (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
    while true {
      var outBuffer = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
      let remaining = try check(
        ZSTD_compressStream2(context, &outBuffer, &inBuffer, ZSTD_e_end), operation: "compressing")
      if outBuffer.pos > 0 {
        try write(UnsafeRawBufferPointer(rebasing: output[0..<outBuffer.pos]))
      }
      if remaining == 0 { return }
    }
  }
}

@available(*, unavailable)
extension ZstdEncoder: Sendable {}
