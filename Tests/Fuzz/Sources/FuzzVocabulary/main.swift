import FuzzHarness

/// libFuzzer's entry point (built with `--sanitize=fuzzer`, which supplies `main`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVocabulary(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
  FuzzTarget.vocabulary.run(UnsafeRawBufferPointer(start: data, count: count))
}
