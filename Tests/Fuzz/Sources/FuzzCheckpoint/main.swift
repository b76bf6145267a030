import FuzzHarness

/// libFuzzer's entry point (built with `--sanitize=fuzzer`, which supplies `main`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpoint(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
  FuzzTarget.checkpoint.run(UnsafeRawBufferPointer(start: data, count: count))
}
