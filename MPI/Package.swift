// swift-tools-version:6.1
// Data-parallel training over MPI, a package of its own so that the library, synrl and its tests never link
// MPI or need it installed (as Benchmarks/ keeps package-benchmark out).
import PackageDescription

let package = Package(
    name: "SynapticRLMPI",
    dependencies: [
        .package(name: "SynapticRL", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Open MPI (Debian libopenmpi-dev). Its handles (MPI_COMM_WORLD, MPI_DOUBLE, …) are C macros that Swift
        // cannot import, so shim.h wraps them in inline getters.
        .systemLibrary(
            name: "CMPI",
            pkgConfig: "ompi-c",
            providers: [.apt(["libopenmpi-dev"])]
        ),
        .executableTarget(
            name: "synrl-mpi",
            dependencies: [
                "CMPI",
                .product(name: "SynapticRL", package: "SynapticRL"),
                .product(name: "SynapticRLExperiments", package: "SynapticRL"),
                .product(name: "SynapticRLCommandSupport", package: "SynapticRL"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ],
    swiftLanguageModes: [.v5]
)
