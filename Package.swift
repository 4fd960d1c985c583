// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "SynapticRL",
    products: [
        // The core: the rule and its trainer, networks, losses, kernels, objectives on in-memory data. Links only
        // OpenBLAS and our C kernel.
        .library(name: "SynapticRL", targets: ["SynapticRL"]),
        // What runs the paper's experiments: data-set readers, run folders and checkpoints, the experiments and
        // their baselines. Links zlib, libpng, libarchive and LAPACKE besides the core.
        .library(name: "SynapticRLExperiments", targets: ["SynapticRLExperiments"]),
        .executable(name: "synrl", targets: ["synrl"]),
        // What synrl and synrl-mpi share: typed options for the library's enums, the library-error-to-one-line
        // command, progress, signals, path flags and default run folders.
        .library(name: "SynapticRLCommandSupport", targets: ["SynapticRLCommandSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        // SHA-256 of the policy a run folder records (RunFiles/FileDigest.swift).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
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
        // zlib, for .gz data sets and CRC-32 checksums (SynapticRLExperiments: Data/Gzip.swift, RunFiles/Checksum.swift) (named apart from ZIPFoundation's CZlib).
        .systemLibrary(
            name: "SystemZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // libpng, for notMNIST's PNGs; only Sources/SynapticRLExperiments/Data/PNGImage.swift imports it.
        .systemLibrary(
            name: "CPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]
        ),
        // libarchive, for .tar.gz data sets; only Sources/SynapticRLExperiments/Data/TarArchive.swift imports it.
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]
        ),
        // LAPACKE (liblapacke-dev): the least-squares baseline and QR; only SynapticRLExperiments/Kernels/LAPACK.swift imports it.
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
            dependencies: ["CBLAS", "CTernaryKernel"],
            resources: [.copy("Resources/authors-golden-policy.json"), .copy("Resources/evolved-2d-policy.json")]
        ),
        .target(
            name: "SynapticRLExperiments",
            dependencies: ["SynapticRL", "CLAPACK", "SystemZlib", "CPNG", "CArchive", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "SynapticRLCommandSupport",
            dependencies: ["SynapticRL", "SynapticRLExperiments", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "synrl",
            dependencies: [
                "SynapticRL",
                "SynapticRLExperiments",
                "SynapticRLCommandSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The tests also drive the synrl binary (kill -9 and resume), so they depend on it being built.
        .testTarget(
            name: "SynapticRLTests",
            dependencies: ["SynapticRL", "SynapticRLExperiments", "SynapticRLCommandSupport", "synrl", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Golden", "Fixtures"]  // the golden trajectories' and other fixtures, read from the source tree
        ),
    ],
    // Swift 5 mode: the kernels hand raw buffer pointers to DispatchQueue.concurrentPerform,
    // which Swift 6's Sendable checking rejects although every thread writes a disjoint range.
    swiftLanguageModes: [.v5]
)
