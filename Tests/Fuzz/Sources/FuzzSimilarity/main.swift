import FuzzHarness

/// libFuzzer's entry point (built with `--sanitize=fuzzer`, which supplies `main`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSimilarity(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
  FuzzTarget.similarity.run(UnsafeRawBufferPointer(start: data, count: count))
}
