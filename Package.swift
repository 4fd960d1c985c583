// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "SynapticRL",
    products: [
        .library(name: "SynapticRL", targets: ["SynapticRL"]),
        .executable(name: "synrl", targets: ["synrl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // OpenBLAS's CBLAS interface; only Sources/SynapticRL/BLAS.swift imports it.
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // zlib, for .gz data sets; only Sources/SynapticRL/Data/Gzip.swift imports it.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "SynapticRL",
            dependencies: ["CBLAS", "CZlib"],
            resources: [.copy("Resources/authors-golden-policy.json")]
        ),
        .executableTarget(
            name: "synrl",
            dependencies: [
                "SynapticRL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "SynapticRLTests",
            dependencies: ["SynapticRL"]
        ),
    ],
    // Swift 5 mode: the kernels hand raw buffer pointers to DispatchQueue.concurrentPerform,
    // which Swift 6's Sendable checking rejects although every thread writes a disjoint range.
    swiftLanguageModes: [.v5]
)
