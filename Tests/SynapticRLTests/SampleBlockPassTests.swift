import Testing
@_spi(Benchmarks) @testable import SynapticRL

/// The classification task's fused pass (one sample block at a time, blocks shared out over threads) against the
/// whole-minibatch twin — `ForwardPass` over every sample, then the loss — on minibatches of several blocks and a
/// ragged last one: the same bits, for every thread count, both losses, both first-layer paths, stacked trials.
@Suite struct SampleBlockPassTests {
    static let shapes: [[Int]] = [[60, 5], [60, 9, 5], [60, 9, 6, 5]]

    static func network(sizes: [Int], seed: UInt64) throws -> Network {
        var network = try Network(sizes: sizes, activations: sizes.dropFirst(2).map { _ in .relu } + [.identity])
        var draws = CounterStream(seed: seed, stream: .initialWeights)
        network.initialize(weightRange: 0.3, using: &draws)
        return network
    }

    /// The twin: every layer over the whole minibatch, then the loss over it in chunk order.
    static func twinLoss(_ network: Network, task: ClassificationTask) throws -> Double {
        let pass = ForwardPass(network: network, batchSize: task.batch.count)
        try pass.run(network, on: task.batch, engine: .blas)
        return pass.withOutput { output in
            task.batchLabels.withUnsafeBufferPointer { labels in
                switch task.lossFunction {
                case .softmaxCrossEntropy:
                    Loss.softmaxCrossEntropy(logits: output, labels: labels, classes: 5, samples: task.batch.count)
                case .oneHotSquaredError:
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: ChunkedSum.chunkCount(samples: task.batch.count)) { sums in
                        Loss.oneHotSquaredErrorChunkSums(outputs: output, labels: labels, classes: 5, samples: task.batch.count, into: sums)
                        return ChunkedSum.orderedSum(UnsafeBufferPointer(sums)) / Double(task.batch.count)
                    }
                }
            }
        }
    }

    /// Dense path: the fused loss is the twin's, exactly, for 1–3 threads, minibatches of 1 to 3 blocks and a
    /// ragged end, and either loss.
    @Test(arguments: [(1, 300), (2, 1100), (3, 1400)])
    func denseFusedPassIsTheWholeMinibatchPass(seed: UInt64, batchSize: Int) throws {
        let images = BenchmarkData.images(count: 1500, pixels: 60, classes: 5, seed: seed)
        for sizes in Self.shapes {
            let network = try Self.network(sizes: sizes, seed: seed + 10)
            for loss in ClassificationTask.LossFunction.allCases {
                for threads in 1...3 {
                    let task = try ClassificationTask(training: images, networkSizes: sizes, batchSize: batchSize, seed: seed,
                                                      threads: threads, loss: loss)
                    #expect(task.loss(of: network) == (try Self.twinLoss(network, task: task)),
                            "\(sizes), \(loss), \(threads) threads, batch \(batchSize)")
                }
            }
        }
    }

    /// Incremental path with three stacked trials: random moves, a step change and a minibatch switch; every
    /// thread count gives every trial the same bits at every iteration as one thread does.
    @Test(arguments: [[60, 5], [60, 9, 5]])
    func incrementalFusedPassDoesNotDependOnThreads(sizes: [Int]) throws {
        let images = BenchmarkData.images(count: 2000, pixels: 60, classes: 5, seed: 4)
        let trials = 3
        let tasks = try (1...3).map {
            try ClassificationTask(training: images, networkSizes: sizes, batchSize: 1700, seed: 8, threads: $0,
                                   firstLayer: .incremental, trials: trials)
        }
        var networks = try (0..<trials).map { try Self.network(sizes: sizes, seed: 20 + UInt64($0)) }
        for task in tasks { task.evaluate { networks[$0] } }
        #expect(tasks.allSatisfy { $0.losses == tasks[0].losses })
        var data = TestData(seed: 9)
        for iteration in 1...40 {
            if iteration == 30 { for task in tasks { task.selectBatch(number: 1) } }
            let step: Float = iteration < 20 ? 1e-3 : 5e-4
            var moves: [[UInt8]] = []
            for trial in 0..<trials {
                let actions = (0..<networks[trial].weights.count).map { _ in UInt8(data.int(below: 3)) }
                for (k, action) in actions.enumerated() { networks[trial].weights[k] += step * Float(Int(action) - 1) }
                moves.append(actions)
            }
            for task in tasks { task.evaluate({ networks[$0] }, movedBy: { moves[$0] }, step: step) }
            #expect(tasks.allSatisfy { $0.losses == tasks[0].losses }, "iteration \(iteration)")
            #expect(tasks[0].losses.allSatisfy { $0.isFinite })
        }
        // And the incremental loss still follows each network's dense loss (1e-5 relative).
        let dense = try ClassificationTask(training: images, networkSizes: sizes, batchSize: 1700, seed: 8)
        dense.selectBatch(number: 1)
        for trial in 0..<trials {
            let reference = dense.loss(of: networks[trial])
            #expect(abs(tasks[2].losses[trial] - reference) <= 1e-5 * reference)
        }
    }
}
