import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

@Suite struct IncrementalFirstLayerTests {
    /// The C kernels (AVX2 where the CPU has it, and portable) against the Swift twin, exactly: random shapes,
    /// widths past 32 and 64 chunks (where the int16 sums are widened), ternary and five-level changes, counts that
    /// start non-zero, 1–3 threads.
    @Test(arguments: [31, 32, 33, 34, 35, 36], [1, 2])
    func kernelsMatchTheTwinExactly(seed: UInt64, largestChange: Int) {
        var data = TestData(seed: seed)
        let outputs = 1 + data.int(below: 37)
        let samples = 1 + data.int(below: 150)
        let width = 32 * (1 + data.int(below: 70))
        let changes = (0..<(outputs * width)).map { _ in Int8(data.int(below: 2 * largestChange + 1) - largestChange) }
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

    /// The largest sums the kernel can see: every pixel 255, every change ±1 or ±2, over 2,080 bytes (65 chunks).
    @Test func extremeSumsDoNotSaturate() {
        let (outputs, samples, width) = (5, 3, 2080)
        let pixels = [UInt8](repeating: 255, count: samples * width)
        for sign: Int8 in [1, -1, 2, -2] {
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

    /// Five-level moves (±2, ±1, 0 steps) on random shapes: pixels across the 32-byte padding, 0–2 hidden layers,
    /// 2–6 classes, a step change (a new base) and a minibatch switch; the incremental loss follows the dense one
    /// within 1e-5 relative at every iteration.
    @Test(arguments: [41, 42, 43, 44])
    func fiveLevelLossFollowsTheDenseLoss(seed: UInt64) throws {
        var data = TestData(seed: seed)
        let pixels = 1 + data.int(below: 140)
        let classes = 2 + data.int(below: 5)
        let sizes = [pixels] + (0..<data.int(below: 3)).map { _ in 1 + data.int(below: 12) } + [classes]
        let batchSize = 20 + data.int(below: 200)
        let images = BenchmarkData.images(count: batchSize + 50, pixels: pixels, classes: classes, seed: seed)
        let dense = try ClassificationTask(training: images, networkSizes: sizes, batchSize: batchSize, seed: seed)
        let incremental = try ClassificationTask(training: images, networkSizes: sizes, batchSize: batchSize, seed: seed,
                                                 firstLayer: .incremental)
        var network = try Network(sizes: sizes, activations: sizes.dropFirst(2).map { _ in .relu } + [.identity])
        var draws = CounterStream(seed: seed, stream: .initialWeights)
        network.initialize(weightRange: 0.1, using: &draws)
        let actionSet = RuleActionSet.fiveLevel
        #expect(abs(incremental.loss(of: network) - dense.loss(of: network)) <= 1e-5 * dense.loss(of: network))
        for iteration in 1...120 {
            if iteration == 90 {
                dense.selectBatch(number: 1)
                incremental.selectBatch(number: 1)
            }
            let step: Float = iteration < 60 ? 1e-3 : 5e-4
            let actions = (0..<network.synapseCount).map { _ in UInt8(data.int(below: actionSet.count)) }
            for k in actions.indices { network.weights[k] += step * Float(actionSet.level(of: Int(actions[k]))) }
            let fast = incremental.loss(of: network, movedBy: actions, in: actionSet, step: step)
            let reference = dense.loss(of: network)
            #expect(abs(fast - reference) <= 1e-5 * reference, "\(sizes), iteration \(iteration): \(fast) vs \(reference)")
        }
    }

    /// Counting is exact: one five-level move gives the very loss bits of the same move made as two ternary moves
    /// (its part in −1…1, then the rest) on the same base, on random shapes and moves.
    @Test(arguments: [51, 52, 53])
    func aFiveLevelMoveCountsAsTwoTernaryMoves(seed: UInt64) throws {
        var data = TestData(seed: seed)
        let sizes = [1 + data.int(below: 130), 1 + data.int(below: 9), 2 + data.int(below: 4)]
        let batchSize = 30 + data.int(below: 300)
        let images = BenchmarkData.images(count: batchSize, pixels: sizes[0], classes: sizes[2], seed: seed)
        let (once, twice) = (try ClassificationTask(training: images, networkSizes: sizes, batchSize: batchSize, seed: seed,
                                                    firstLayer: .incremental),
                             try ClassificationTask(training: images, networkSizes: sizes, batchSize: batchSize, seed: seed,
                                                    firstLayer: .incremental))
        var network = try Network(sizes: sizes, activations: [.relu, .identity])
        var draws = CounterStream(seed: seed, stream: .initialWeights)
        network.initialize(weightRange: 0.1, using: &draws)
        #expect(once.loss(of: network).bitPattern == twice.loss(of: network).bitPattern)
        let step: Float = 1e-3
        for iteration in 1...5 {
            let levels = (0..<network.synapseCount).map { _ in data.int(below: 5) - 2 }
            let first = levels.map { min(max($0, -1), 1) }
            var (middle, moved) = (network, network)
            for k in levels.indices {
                middle.weights[k] += step * Float(first[k])
                moved.weights[k] += step * Float(levels[k])
            }
            let fiveLevel = once.loss(of: moved, movedBy: levels.map { UInt8($0 + 2) }, in: .fiveLevel, step: step)
            _ = twice.loss(of: middle, movedBy: first.map { UInt8($0 + 1) }, step: step)
            let ternary = twice.loss(of: moved, movedBy: zip(levels, first).map { UInt8($0 - $1 + 1) }, step: step)
            #expect(fiveLevel.bitPattern == ternary.bitPattern, "\(sizes), iteration \(iteration): \(fiveLevel) vs \(ternary)")
            network = moved
        }
    }

    /// The base lasts half as many five-level iterations as ternary ones: counts stay within Int32 (255 · 2 ·
    /// inputs per five-level iteration).
    @Test func fiveLevelMovesUseTwiceTheBase() {
        let inputs = 1_000_000  // iterationsPerBase = ⌊(2³¹ − 1) / (255 · 10⁶)⌋ = 8
        for (none, iterations) in [(1, 8), (2, 4)] {
            let layer = StackedFirstLayer(outputs: 1, inputs: inputs, batchSize: 1)
            #expect(layer.iterationsPerBase == 8)
            layer.beginRebase()
            let actions = [UInt8](repeating: UInt8(2 * none), count: inputs + 1)
            var counted = 0
            while layer.canCount(step: 1, largestChange: none) {
                actions.withUnsafeBufferPointer { layer.beginCount(actions: $0.baseAddress!, none: none, step: 1) }
                counted += 1
            }
            #expect(counted == iterations)
            #expect(Int(Int32.max) >= counted * none * 255 * inputs)
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

    func fiveLevelRun(path: FirstLayerPath, checking: Bool) throws -> (weights: [Float], losses: [Double], agreement: RewardAgreement?) {
        let sizes = [100, 8, 4]
        let images = BenchmarkData.images(count: 1500, pixels: 100, classes: 4, seed: 21)
        let task = try ClassificationTask(training: images, networkSizes: sizes, batchSize: 1100, seed: 22, firstLayer: path)
        if checking { task.startCheckingFirstLayer() }
        var network = try Network(sizes: sizes, activations: [.relu, .identity])
        var draws = CounterStream(seed: 23, stream: .initialWeights)
        network.initialize(weightRange: 0.1, using: &draws)
        var rule = SynapticRule()
        rule.actions = .fiveLevel
        let trainer = try SynapticTrainer(network: network, rule: rule, table: nil, threads: 1, seed: 24,
                                          initialLoss: task.loss(of: network))
        var losses: [Double] = []
        for _ in 0..<150 {
            try trainer.step(on: task)
            losses.append(trainer.loss)
        }
        return (trainer.network.weights, losses, task.agreement)
    }

    /// A five-level rule's training on the incremental path: every iteration counted (none rebased), its rewards
    /// those of the dense evaluation beside it (≥ 99%, losses within 1e-5), the run unchanged by the check.
    @Test func fiveLevelTrainingAgreesWithTheDensePath() throws {
        let plain = try fiveLevelRun(path: .incremental, checking: false)
        let checked = try fiveLevelRun(path: .incremental, checking: true)
        #expect(checked.weights == plain.weights && checked.losses == plain.losses)
        let agreement = try #require(checked.agreement)
        #expect(agreement.compared == 150)
        #expect(agreement.fraction >= 0.99, "\(agreement)")
        #expect(agreement.largestRelativeDifference < 1e-5)
        let dense = try fiveLevelRun(path: .dense, checking: false)
        for (fast, reference) in zip(plain.losses, dense.losses).prefix(5) {
            #expect(abs(fast - reference) <= 1e-5 * reference)
        }
    }

    @Test func autoPicksIncrementalOnlyWhereItPays() {
        #expect(FirstLayerPath.dense.resolved(resampleEvery: 5000) == .dense)
        #expect(FirstLayerPath.incremental.resolved(resampleEvery: 1) == .incremental)
        #expect(FirstLayerPath.auto.resolved(resampleEvery: 1) == .dense)
        #expect(FirstLayerPath.auto.resolved(resampleEvery: 5000) == (TernaryAccumulate.hasAVX2 ? .incremental : .dense))
    }
}
