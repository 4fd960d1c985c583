// swift-tools-version:6.1
// The benchmark harness, a package of its own so that the library, the CLI and `make test` never build it.
import PackageDescription

let suites = ["Forward", "Sweep", "QUpdate", "LossEvaluation", "Iteration", "FirstLayer", "Peers"]

let package = Package(
    name: "SynapticRLBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "SynapticRL", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: suites.map { suite in
        .executableTarget(
            name: suite,
            dependencies: [
                .product(name: "SynapticRL", package: "SynapticRL"),
                .product(name: "Benchmark", package: "package-benchmark"),
            ] + (suite == "Peers" ? [.product(name: "SynapticRLExperiments", package: "SynapticRL")] : []),
            path: "Benchmarks/\(suite)",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        )
    },
    swiftLanguageModes: [.v5]
)
