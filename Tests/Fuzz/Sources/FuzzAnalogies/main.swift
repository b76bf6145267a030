import FuzzHarness

/// libFuzzer's entry point (built with `--sanitize=fuzzer`, which supplies `main`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAnalogies(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
  FuzzTarget.analogies.run(UnsafeRawBufferPointer(start: data, count: count))
}
