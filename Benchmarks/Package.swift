// swift-tools-version: 6.2
// The benchmark suites, a package of their own so that the library's users never build
// ordo-one/benchmark. Run from the repository root:
//   swift package --package-path Benchmarks benchmark
import PackageDescription

let package = Package(
  name: "SamplexBenchmarks",
  platforms: [.macOS(.v14)],
  dependencies: [
    .package(name: "Samplex", path: ".."),
    .package(
      url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
  ],
  targets: [
    .executableTarget(
      name: "Corpus",
      dependencies: [
        .product(name: "Samplex", package: "Samplex"),
        .product(name: "Benchmark", package: "benchmark"),
      ],
      path: "Benchmarks/Corpus",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    .executableTarget(
      name: "Kernels",
      dependencies: [
        .product(name: "Samplex", package: "Samplex"),
        .product(name: "Benchmark", package: "benchmark"),
      ],
      path: "Benchmarks/Kernels",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    .executableTarget(
      name: "Sampling",
      dependencies: [
        .product(name: "Samplex", package: "Samplex"),
        .product(name: "Benchmark", package: "benchmark"),
      ],
      path: "Benchmarks/Sampling",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    .executableTarget(
      name: "Training",
      dependencies: [
        .product(name: "Samplex", package: "Samplex"),
        .product(name: "Benchmark", package: "benchmark"),
      ],
      path: "Benchmarks/Training",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
  ]
)
