import Benchmark
@_spi(Benchmarks) import SynapticRL

/// One loss evaluation (forward pass + softmax cross-entropy), per batch size and layer shape: the cost that
/// dominates every synaptic-RL iteration.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(2))
    for sizes in [[784, 10], [784, 32, 10]] {
        for batchSize in [1000, 5000, 20_000] {
            let (network, _) = BenchmarkData.networkAndBatch(sizes: sizes, batchSize: 1)
            let images = BenchmarkData.images(count: batchSize, pixels: sizes[0], classes: sizes.last!, seed: 2)
            let task = try! ClassificationTask(training: images, networkSizes: sizes, batchSize: batchSize, seed: 1)
            Benchmark("\(sizes.map(String.init).joined(separator: "-")) batch \(batchSize)") { benchmark in
                var loss = 0.0
                for _ in benchmark.scaledIterations { loss += task.loss(of: network) }
                blackHole(loss)
            }
        }
    }
}
