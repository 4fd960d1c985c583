import Benchmark
import SynapticRL

/// One whole synaptic-RL iteration (sweep, loss evaluation, reward, histories), static and adaptive,
/// 0 and 32 hidden units, batch 5000.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(3))
    for sizes in [[784, 10], [784, 32, 10]] {
        for adaptive in [false, true] {
            let (network, _) = BenchmarkData.networkAndBatch(sizes: sizes, batchSize: 1)
            let images = BenchmarkData.images(count: 5000, pixels: sizes[0], classes: sizes.last!, seed: 3)
            var settings = SynapticSettings()
            settings.epsilon = 0.1
            settings.step = 1e-4
            settings.adaptive = adaptive
            let task = try! ClassificationTask(training: images, networkSizes: sizes, batchSize: 5000, seed: 1)
            let trainer = try! SynapticTrainer(network: network, table: PolicyFile.authorsGolden().table,
                                               settings: settings, seed: 1, objective: task)
            let name = "\(sizes.map(String.init).joined(separator: "-")) batch 5000 \(adaptive ? "adaptive" : "static")"
            Benchmark(name) { benchmark in
                for _ in benchmark.scaledIterations { _ = try? trainer.step() }
                blackHole(trainer.loss)
            }
        }
    }
}
