import FuzzHarness

/// libFuzzer's entry point (built with `--sanitize=fuzzer`, which supplies `main`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWord2VecText(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
  FuzzTarget.word2vecText.run(UnsafeRawBufferPointer(start: data, count: count))
}
