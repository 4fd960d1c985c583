// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "SynapticRL",
    products: [
        .library(name: "SynapticRL", targets: ["SynapticRL"]),
        .executable(name: "synrl", targets: ["synrl"]),
        // What synrl and synrl-mpi share: typed options for the library's enums, the library-error-to-one-line
        // command, progress, signals, path flags and default run folders.
        .library(name: "SynapticRLCommandSupport", targets: ["SynapticRLCommandSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        // `make docs`: the DocC catalog in Sources/SynapticRL/SynapticRL.docc (a command plugin; nothing links it).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // OpenBLAS's CBLAS interface; only Sources/SynapticRL/Kernels/BLAS.swift imports it.
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // zlib, for .gz data sets and CRC-32 checksums (Data/Gzip.swift, RunFiles/Checksum.swift) (named apart from ZIPFoundation's CZlib).
        .systemLibrary(
            name: "SystemZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // libpng, for notMNIST's PNGs; only Sources/SynapticRL/Data/PNGImage.swift imports it.
        .systemLibrary(
            name: "CPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]
        ),
        // libarchive, for .tar.gz data sets; only Sources/SynapticRL/Data/TarArchive.swift imports it.
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]
        ),
        // LAPACKE (liblapacke-dev): the least-squares baseline and QR; only Kernels/LAPACK.swift imports it.
        .systemLibrary(
            name: "CLAPACK",
            pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev"])]
        ),
        // The exact 8-bit × ternary kernel of the incremental first layer: C, so that one function can be
        // compiled for AVX2 (`target("avx2")`) and picked at run time, whatever flags the rest is built with.
        .target(name: "CTernaryKernel"),
        .target(
            name: "SynapticRL",
            dependencies: ["CBLAS", "CTernaryKernel", "CLAPACK", "SystemZlib", "CPNG", "CArchive", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            resources: [.copy("Resources/authors-golden-policy.json")]
        ),
        .target(
            name: "SynapticRLCommandSupport",
            dependencies: ["SynapticRL", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "synrl",
            dependencies: [
                "SynapticRL",
                "SynapticRLCommandSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The tests also drive the synrl binary (kill -9 and resume), so they depend on it being built.
        .testTarget(
            name: "SynapticRLTests",
            dependencies: ["SynapticRL", "synrl", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Golden"]  // the golden trajectories' fixtures, read from the source tree
        ),
    ],
    // Swift 5 mode: the kernels hand raw buffer pointers to DispatchQueue.concurrentPerform,
    // which Swift 6's Sendable checking rejects although every thread writes a disjoint range.
    swiftLanguageModes: [.v5]
)
