import FuzzHarness

/// libFuzzer's entry point (built with `--sanitize=fuzzer`, which supplies `main`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProjector(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
  FuzzTarget.projector.run(UnsafeRawBufferPointer(start: data, count: count))
}
