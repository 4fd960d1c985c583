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

    // The cross-entropy alone on a 784-10 iteration's logits (10 classes, 5000 samples), per kernel: they are
    // checked to agree bit for bit before either is timed.
    let (classes, samples) = (10, 5000)
    var stream = CounterStream(seed: 4, stream: .benchmarkData)
    let logits = (0..<(classes * samples)).map { _ in stream.uniform(-6, 6) }
    let labels = (0..<samples).map { _ in Int32(stream.index(below: classes)) }
    func chunkSums(_ kernel: Loss.CrossEntropyKernel) -> [Double] {
        var sums = [Double](repeating: 0, count: (samples + 255) / 256)
        logits.withUnsafeBufferPointer { z in
            labels.withUnsafeBufferPointer { l in
                sums.withUnsafeMutableBufferPointer {
                    Loss.softmaxCrossEntropyChunkSums(logits: z, labels: l, classes: classes, samples: samples, into: $0,
                                                      kernel: kernel)
                }
            }
        }
        return sums
    }
    precondition(chunkSums(.best).map(\.bitPattern) == chunkSums(.portable).map(\.bitPattern), "the kernels disagree")
    for kernel in Loss.CrossEntropyKernel.allCases {
        Benchmark("softmax cross-entropy 10 classes 5000 samples, \(kernel)") { benchmark in
            var total = 0.0
            for _ in benchmark.scaledIterations { total += chunkSums(kernel)[0] }
            blackHole(total)
        }
    }
}
