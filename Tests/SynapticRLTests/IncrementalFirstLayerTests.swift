import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

@Suite struct IncrementalFirstLayerTests {
    /// The C kernels (AVX2 where the CPU has it, and portable) against the Swift twin, exactly: random shapes,
    /// widths past 64 chunks (where the int16 sums are widened), counts that start non-zero, 1–3 threads.
    @Test(arguments: [31, 32, 33, 34, 35, 36])
    func kernelsMatchTheTwinExactly(seed: UInt64) {
        var data = TestData(seed: seed)
        let outputs = 1 + data.int(below: 37)
        let samples = 1 + data.int(below: 150)
        let width = 32 * (1 + data.int(below: 70))
        let changes = (0..<(outputs * width)).map { _ in Int8(data.int(below: 3) - 1) }
        let pixels = (0..<(samples * width)).map { _ in data.int(below: 4) == 0 ? UInt8(255) : UInt8(data.int(below: 256)) }
        let start = (0..<(outputs * samples)).map { _ in Int32(data.int(below: 2_000_001)) - 1_000_000 }
        var expected = start
        TernaryAccumulate.twin(changes: changes, outputs: outputs, pixels: pixels, samples: samples, width: width, counts: &expected)
        for kernel in [TernaryAccumulate.Kernel.best, .portable] {
            for threads in 1...3 {
                var counts = start
                TernaryAccumulate.run(changes: changes, outputs: outputs, pixels: pixels, samples: samples, width: width,
                                      counts: &counts, kernel: kernel, threads: threads)
                #expect(counts == expected, "\(kernel), \(threads) threads, \(outputs)×\(samples), width \(width)")
            }
        }
    }

    /// The largest sums the kernel can see: every pixel 255, every change +1 (or −1), over 2,080 bytes.
    @Test func extremeSumsDoNotSaturate() {
        let (outputs, samples, width) = (5, 3, 2080)
        let pixels = [UInt8](repeating: 255, count: samples * width)
        for sign: Int8 in [1, -1] {
            let changes = [Int8](repeating: sign, count: outputs * width)
            var counts = [Int32](repeating: 0, count: outputs * samples)
            TernaryAccumulate.run(changes: changes, outputs: outputs, pixels: pixels, samples: samples, width: width, counts: &counts)
            #expect(counts.allSatisfy { $0 == Int32(sign) * 255 * Int32(width) })
        }
    }

    /// Random moves, a step change (a new base) and a minibatch switch: the incremental loss follows the dense
    /// one within 1e-5 relative at every iteration, with 100 pixels (padded to 128) and ReLU or no hidden layer.
    @Test(arguments: [[100, 4], [100, 7, 4]])
    func incrementalLossFollowsTheDenseLoss(sizes: [Int]) throws {
        let images = BenchmarkData.images(count: 300, pixels: 100, classes: 4, seed: 3)
        let dense = try ClassificationTask(training: images, networkSizes: sizes, batchSize: 120, seed: 5)
        let incremental = try ClassificationTask(training: images, networkSizes: sizes, batchSize: 120, seed: 5,
                                                 firstLayer: .incremental)
        var network = try Network(sizes: sizes, activations: sizes.dropFirst(2).map { _ in .relu } + [.identity])
        var draws = CounterStream(seed: 6, stream: .initialWeights)
        network.initialize(weightRange: 0.1, using: &draws)
        var data = TestData(seed: 7)
        #expect(abs(incremental.loss(of: network) - dense.loss(of: network)) <= 1e-5 * dense.loss(of: network))
        for iteration in 1...300 {
            if iteration == 200 {
                dense.selectBatch(number: 1)
                incremental.selectBatch(number: 1)
            }
            let step: Float = iteration < 150 ? 1e-3 : 5e-4
            let actions = (0..<network.synapseCount).map { _ in UInt8(data.int(below: 3)) }
            for k in actions.indices { network.weights[k] += step * Float(Int(actions[k]) - 1) }
            let fast = incremental.loss(of: network, movedBy: actions, step: step)
            let reference = dense.loss(of: network)
            #expect(abs(fast - reference) <= 1e-5 * reference, "iteration \(iteration): \(fast) vs \(reference)")
        }
    }

    func trainedWeights(threads: Int, path: FirstLayerPath = .incremental, checking: Bool = false) throws -> (weights: [Float], losses: [Double], agreement: RewardAgreement?) {
        let sizes = [100, 8, 4]
        // 1,100 samples: three of BLAS's column blocks, so threads share out real GEMM work.
        let images = BenchmarkData.images(count: 1500, pixels: 100, classes: 4, seed: 11)
        let task = try ClassificationTask(training: images, networkSizes: sizes, batchSize: 1100, seed: 12, threads: threads,
                                          firstLayer: path)
        if checking { task.startCheckingFirstLayer() }
        var network = try Network(sizes: sizes, activations: [.relu, .identity])
        var draws = CounterStream(seed: 13, stream: .initialWeights)
        network.initialize(weightRange: 0.1, using: &draws)
        var settings = SynapticSettings()
        settings.adaptive = false
        settings.step = 1e-3
        settings.threads = threads
        let trainer = try SynapticTrainer(network: network, table: try PolicyFile.authorsGolden().table, settings: settings,
                                          seed: 14, objective: task)
        var losses: [Double] = []
        for _ in 0..<150 {
            try trainer.step(on: task)
            losses.append(trainer.loss)
        }
        return (trainer.network.weights, losses, task.agreement)
    }

    @Test(arguments: [FirstLayerPath.incremental, .dense])
    func trainingDoesNotDependOnThreads(path: FirstLayerPath) throws {
        let one = try trainedWeights(threads: 1, path: path)
        let two = try trainedWeights(threads: 2, path: path)
        let three = try trainedWeights(threads: 3, path: path)
        #expect(one.weights == two.weights && one.weights == three.weights)
        #expect(one.losses == two.losses && one.losses == three.losses)
    }

    /// The dense check beside the incremental path compares every iteration and leaves the run unchanged.
    @Test func checkingComparesEveryIterationWithoutChangingTheRun() throws {
        let plain = try trainedWeights(threads: 1)
        let checked = try trainedWeights(threads: 1, checking: true)
        #expect(checked.weights == plain.weights && checked.losses == plain.losses)
        let agreement = try #require(checked.agreement)
        #expect(agreement.compared == 150)
        #expect(agreement.fraction >= 0.99, "\(agreement)")
        #expect(agreement.largestRelativeDifference < 1e-5)
    }

    @Test func autoPicksIncrementalOnlyWhereItPays() {
        #expect(FirstLayerPath.dense.resolved(resampleEvery: 5000) == .dense)
        #expect(FirstLayerPath.incremental.resolved(resampleEvery: 1) == .incremental)
        #expect(FirstLayerPath.auto.resolved(resampleEvery: 1) == .dense)
        #expect(FirstLayerPath.auto.resolved(resampleEvery: 5000) == (TernaryAccumulate.hasAVX2 ? .incremental : .dense))
    }
}
