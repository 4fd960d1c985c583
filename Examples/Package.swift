// swift-tools-version:6.1
// A custom experiment on the library's public API, a package of its own (as MPI/ and Benchmarks/) that depends on
// the library by path: `make test` builds and runs it, so it keeps compiling as the API changes.
import PackageDescription

let package = Package(
    name: "SynapticRLExamples",
    dependencies: [
        .package(name: "SynapticRL", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "ThreeClusters",
            dependencies: [
                .product(name: "SynapticRL", package: "SynapticRL"),
                .product(name: "SynapticRLExperiments", package: "SynapticRL"),  // WeightsFile
            ]
        ),
    ],
    swiftLanguageModes: [.v5]
)
