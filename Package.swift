// swift-tools-version: 6.2
import PackageDescription

let upcoming: [SwiftSetting] = [
  .enableUpcomingFeature("MemberImportVisibility"),
  .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
  name: "Samplex",
  products: [
    .library(name: "Samplex", targets: ["Samplex"]),
    .executable(name: "samplex", targets: ["samplex"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
  ],
  targets: [
    .systemLibrary(
      name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
    .target(
      name: "Samplex",
      dependencies: [
        "CBLAS", "CZstd",
        .product(name: "SystemPackage", package: "swift-system"),
      ],
      swiftSettings: upcoming),
    .executableTarget(
      name: "samplex",
      dependencies: [
        "Samplex",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: upcoming),
    .target(
      name: "TestSupport", dependencies: ["Samplex"], path: "Tests/TestSupport",
      swiftSettings: upcoming),
    .testTarget(
      name: "SamplexTests", dependencies: ["Samplex", "TestSupport"],
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
