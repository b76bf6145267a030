// swift-tools-version: 6.2
import PackageDescription

/// Release builds on x86-64 target x86-64-v3 (Haswell and later, every x86-64 server CPU since
/// 2013: AVX2 and FMA), which the training kernels need for their speed
/// (Benchmarks/history/training.md measures it, 2026-11-29); `SAMPLEX_PORTABLE=1 swift build`
/// builds for baseline x86-64 instead.
let targetsFMA: Bool = {
  #if arch(x86_64)
    return Context.environment["SAMPLEX_PORTABLE"] == nil
  #else
    return false
  #endif
}()

let upcoming: [SwiftSetting] =
  [
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("ExistentialAny"),
  ]
  + (targetsFMA
    ? [
      .unsafeFlags(["-target-cpu", "haswell"], .when(configuration: .release)),
      .define("SAMPLEX_FMA", .when(configuration: .release)),
    ] : [])

let package = Package(
  name: "Samplex",
  products: [
    .library(name: "Samplex", targets: ["Samplex"]),
    .executable(name: "samplex", targets: ["samplex"]),
  ],
  // MPI (Open MPI) for `mpirun -np N samplex train`: off by default, so that a default build
  // needs no MPI library; `swift build --traits MPI` turns it on (ARCHITECTURE.md).
  traits: [.trait(name: "MPI", description: "Data-parallel training across processes on Open MPI")],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    .systemLibrary(
      name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
    .systemLibrary(
      name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
    .target(name: "CPrefetch"),
    .target(name: "COpenBLASKernelChoice"),
    // The git commit a build is made from, for `samplex --version` and run provenance.
    .plugin(name: "BuildCommit", capability: .buildTool()),
    .target(
      name: "Samplex",
      dependencies: [
        "CBLAS", "CZstd", "CPrefetch",
        .product(name: "SystemPackage", package: "swift-system"),
        .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: upcoming, plugins: ["BuildCommit"]),
    // `samplex bench` (the grid, its runs, report and charts) and `samplex conformance` (the
    // checks against TensorFlow's numbers): tools the command line links and the library's
    // users do not build.
    .target(name: "SamplexBench", dependencies: ["Samplex"], swiftSettings: upcoming),
    .target(name: "SamplexConformance", dependencies: ["Samplex"], swiftSettings: upcoming),
    // The MPI process group, built only with the MPI trait.
    .target(
      name: "SamplexMPI",
      dependencies: ["Samplex", .target(name: "CMPI", condition: .when(traits: ["MPI"]))],
      swiftSettings: upcoming + [.define("SAMPLEX_MPI", .when(traits: ["MPI"]))]),
    .executableTarget(
      name: "samplex",
      dependencies: [
        "Samplex", "SamplexBench", "SamplexConformance", "COpenBLASKernelChoice",
        .target(name: "SamplexMPI", condition: .when(traits: ["MPI"])),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: upcoming + [.define("SAMPLEX_MPI", .when(traits: ["MPI"]))]),
    .target(
      name: "TestSupport", dependencies: ["Samplex"], path: "Tests/TestSupport",
      swiftSettings: upcoming),
    .testTarget(
      name: "SamplexTests",
      dependencies: ["Samplex", "SamplexBench", "SamplexConformance", "TestSupport"],
      swiftSettings: upcoming),
    .testTarget(
      name: "SamplexCLITests",
      dependencies: [
        "samplex", "Samplex", "TestSupport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: upcoming),
  ]
)
