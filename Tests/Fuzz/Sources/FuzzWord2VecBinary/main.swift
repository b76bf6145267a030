import FuzzHarness

/// libFuzzer's entry point (built with `--sanitize=fuzzer`, which supplies `main`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWord2VecBinary(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
  FuzzTarget.word2vecBinary.run(UnsafeRawBufferPointer(start: data, count: count))
}
