import FuzzHarness

/// libFuzzer's entry point (built with `--sanitize=fuzzer`, which supplies `main`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfiguration(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
  FuzzTarget.configuration.run(UnsafeRawBufferPointer(start: data, count: count))
}
