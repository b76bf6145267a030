import FuzzHarness

/// libFuzzer's entry point (built with `--sanitize=fuzzer`, which supplies `main`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCorpusZstd(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
  FuzzTarget.corpusZstd.run(UnsafeRawBufferPointer(start: data, count: count))
}
