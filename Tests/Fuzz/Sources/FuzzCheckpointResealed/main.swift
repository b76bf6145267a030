import FuzzHarness

/// libFuzzer's entry point (built with `--sanitize=fuzzer`, which supplies `main`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpointResealed(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
  FuzzTarget.checkpointResealed.run(UnsafeRawBufferPointer(start: data, count: count))
}
