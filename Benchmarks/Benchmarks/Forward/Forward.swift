import Benchmark
@_spi(Benchmarks) import SynapticRL

/// Forward pass of a batch: OpenBLAS vs the plain-loop twin, 784-10 and 784-32-10, batch 500…20,000; and the bare
/// GEMMs in both orientations (features-major, as the engine runs them, and sample-major).
/// Each variant is checked against the twin before it is timed.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(2))
    for sizes in [[784, 10], [784, 32, 10]] {
        for batchSize in [500, 5000, 20_000] {
            let name = "\(sizes.map(String.init).joined(separator: "-")) batch \(batchSize)"
            let (network, input) = BenchmarkData.networkAndBatch(sizes: sizes, batchSize: batchSize)
            let pass = ForwardPass(network: network, batchSize: batchSize)
            BenchmarkData.checkBLASAgainstTwin(network: network, input: input)
            Benchmark("BLAS \(name)") { benchmark in
                for _ in benchmark.scaledIterations { pass.compute(network, on: input, engine: .blas) }
                blackHole(pass.output.first)
            }
            // The other orientation: samples as rows, (batch, out) = X(batch, in) · Wᵀ, the GEMMs alone.
            let sampleMajor = (0..<(batchSize * sizes[0])).map { input[$0 % sizes[0], $0 / sizes[0]] }
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * sizes.dropFirst().max()! * batchSize)
            Benchmark("BLAS sample-major GEMMs \(name)") { benchmark in
                for _ in benchmark.scaledIterations {
                    BenchmarkData.bareSampleMajorGEMMs(network, on: sampleMajor, count: batchSize, scratch: scratch)
                }
                blackHole(scratch[0])
            }
            Benchmark("BLAS features-major GEMMs \(name)") { benchmark in
                for _ in benchmark.scaledIterations { BenchmarkData.bareForwardGEMMs(network, on: input, scratch: scratch) }
                blackHole(scratch[0])
            }
            guard batchSize <= 5000 else { continue }  // the twin is ~20× slower: keep the suite short
            Benchmark("plain loops \(name)") { benchmark in
                for _ in benchmark.scaledIterations { pass.compute(network, on: input, engine: .plainLoops) }
                blackHole(pass.output.first)
            }
        }
    }
}
