// swift-tools-version: 6.2
// libFuzzer targets for every reader a user can point at a file, a package of their own so
// that ordinary builds never need the fuzzer runtime. Build and run them with
// `Scripts/fuzz.sh` from the repository root (see RELIABILITY.md); each target's kept corpus
// is `Corpora/<target>/`, which the ordinary test suite also replays.
import PackageDescription

let fuzzTargets = [
  "FuzzConfiguration", "FuzzVocabulary", "FuzzWord2VecText", "FuzzWord2VecBinary",
  "FuzzCorpusPlain", "FuzzCorpusZstd", "FuzzCheckpoint", "FuzzCheckpointResealed", "FuzzAnalogies",
  "FuzzSimilarity",
  "FuzzProjector",
]

let package = Package(
  name: "SamplexFuzz",
  dependencies: [.package(name: "Samplex", path: "../..")],
  targets: [
    .target(
      name: "FuzzHarness", dependencies: [.product(name: "Samplex", package: "Samplex")])
  ]
    + fuzzTargets.map { .executableTarget(name: $0, dependencies: ["FuzzHarness"]) }
)
