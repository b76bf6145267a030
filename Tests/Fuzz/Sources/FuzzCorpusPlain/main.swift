import FuzzHarness

/// libFuzzer's entry point (built with `--sanitize=fuzzer`, which supplies `main`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCorpusPlain(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
  FuzzTarget.corpusPlain.run(UnsafeRawBufferPointer(start: data, count: count))
}
