import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@_spi(Benchmarks) @testable import SynapticRLExperiments

/// The two peers in synaptic RL's own action space: hillclimb (ternary moves kept only if the minibatch loss fell)
/// and signsgd (the move the gradient's sign says), driven directly and through whole runs.
@Suite struct HillClimbAndSignSGDTests {
    /// A peer run on the clustered in-memory data: minibatches of 40 redrawn every 30 iterations.
    static func configuration(_ method: ClassificationExperiment.Method, step: Float, iterations: Int = 200,
                              threads: Int = 1) -> ClassificationExperiment.Configuration {
        var configuration = SmallRuns.configuration(hidden: [6], iterations: iterations, resampleEvery: 30, evaluateEvery: 50,
                                                    adaptive: false)
        configuration.method = method
        configuration.peer.hillclimbStep = step
        configuration.peer.signsgdStep = step
        configuration.settings.threads = threads
        configuration.seed = 7
        return configuration
    }

    static func network(sizes: [Int], seed: UInt64) throws -> Network {
        var network = try Network.classifier(sizes: sizes)
        var draws = CounterStream(seed: seed, stream: .initialWeights)
        network.initialize(weightRange: 0.1, using: &draws)
        return network
    }

    /// trainPeer's schedule: batch 0 and its loss, then minibatch (iteration − 1) / resampleEvery for each step
    /// (selecting the batch in use again is no switch). Calls `visit(iteration, reference, loss)` after every step,
    /// with hillclimb's reference loss before it, read from its state (an evaluation would spend a pass).
    static func drive(_ optimizer: PeerOptimizer, iterations: ClosedRange<Int>, resampleEvery: Int,
                      visit: (Int, Double, Double) throws -> Void = { _, _, _ in }) throws {
        if iterations.lowerBound == 1 {
            try optimizer.selectBatch(number: 0)
            _ = try optimizer.currentLoss()
        }
        for iteration in iterations {
            try optimizer.selectBatch(number: (iteration - 1) / resampleEvery)
            let reference = optimizer.state.scalars["referenceLoss"] ?? .nan
            try visit(iteration, reference, try optimizer.step(iteration: iteration))
        }
    }

    static func bits(_ weights: [Float]) -> [UInt32] { weights.map(\.bitPattern) }

    /// What a run wrote that must not depend on the thread count: the weights and the metrics but their clock.
    static func comparable(_ folder: URL) throws -> [String: Data] {
        let metrics = try String(contentsOf: folder.appendingPathComponent("metrics.csv"), encoding: .utf8)
        return ["weights.bin": try Data(contentsOf: folder.appendingPathComponent("weights.bin")),
                "metrics.csv": Data(CSVColumns.dropping(["elapsed_seconds"], from: metrics).utf8)]
    }

    // MARK: hillclimb

    /// Within a minibatch the reported loss never rises, and it is the true loss of the weights kept on the batch in
    /// use (so a rejected move was undone); without re-evaluation at the switches it never rises at all.
    @Test(arguments: [true, false])
    func hillclimbNeverRaisesTheMinibatchLoss(reevaluateAtSwitch: Bool) throws {
        let training = try InMemoryDataTests.clusters(count: 120, seed: 3)
        var configuration = Self.configuration(.hillclimb, step: 0.05)
        configuration.reevaluateAtSwitch = reevaluateAtSwitch
        let climber = try HillClimbing(network: try Self.network(sizes: [4, 6, 3], seed: 1), training: training,
                                       configuration: configuration, threads: 1)
        let judge = try PeerMinibatch(training: training, sizes: [4, 6, 3], batchSize: 40, seed: configuration.seed, threads: 1)
        var (accepted, rejected) = (0, 0)
        var first = Double.infinity, last = Double.infinity
        try Self.drive(climber, iterations: 1...120, resampleEvery: 30) { iteration, before, loss in
            #expect(loss <= before, "iteration \(iteration): \(loss) after \(before)")
            if !reevaluateAtSwitch { #expect(loss <= last, "iteration \(iteration) rose across a switch") }
            if loss < before { accepted += 1 } else { rejected += 1 }
            if reevaluateAtSwitch || iteration <= 30 {
                judge.select(number: (iteration - 1) / 30)
                #expect(judge.loss(of: climber.network) == loss, "iteration \(iteration): the loss is not the kept weights'")
            }
            if iteration == 1 { first = before }
            last = loss
        }
        #expect(accepted > 5 && rejected > 5, "\(accepted) accepted, \(rejected) rejected")
        #expect(last < first)
    }

    /// A rejected move leaves every weight's bits as they were; an accepted one moves each synapse by its drawn
    /// level times the step (a bias's × 2), as the scalar twin computes it.
    @Test func undoRestoresTheWeightsBitForBit() throws {
        let training = try InMemoryDataTests.clusters(count: 90, seed: 4)
        var configuration = Self.configuration(.hillclimb, step: 0.3)  // large: many moves are rejected
        configuration.settings.biasStepMultiplier = 2
        let climber = try HillClimbing(network: try Self.network(sizes: [4, 5, 3], seed: 2), training: training,
                                       configuration: configuration, threads: 1)
        var (accepted, rejected) = (0, 0)
        var before = climber.network.weights
        try Self.drive(climber, iterations: 1...60, resampleEvery: 30) { iteration, reference, loss in
            let after = climber.network.weights
            if loss < reference {
                accepted += 1
                let key = CounterRandom.key(seed: configuration.seed, stream: .hillclimbMoves, iteration: UInt64(iteration))
                let twin = before.indices.map { k -> Float in
                    let level = HillClimbing.level(key: key, synapse: k)
                    let step: Float = 0.3
                    return level == 0 ? before[k] : before[k] + Float(level) * (climber.network.isBias(k) ? step * 2 : step)
                }
                #expect(Self.bits(after) == Self.bits(twin), "iteration \(iteration): the move is not the twin's")
            } else {
                rejected += 1
                #expect(Self.bits(after) == Self.bits(before), "iteration \(iteration): a rejected move was not undone exactly")
            }
            before = after
        }
        #expect(accepted > 0 && rejected > 0, "\(accepted) accepted, \(rejected) rejected")
    }

    /// The moves are −1, 0, +1 steps in equal shares, and a pure function of (seed, iteration, synapse).
    @Test func movesAreUniformTernary() {
        let key = CounterRandom.key(seed: 5, stream: .hillclimbMoves, iteration: 3)
        var counts = [0, 0, 0]
        for synapse in 0..<30_000 { counts[HillClimbing.level(key: key, synapse: synapse) + 1] += 1 }
        #expect(counts.allSatisfy { (9_500...10_500).contains($0) }, "\(counts)")
        let other = CounterRandom.key(seed: 5, stream: .hillclimbMoves, iteration: 4)
        let changed = (0..<1000).filter { HillClimbing.level(key: key, synapse: $0) != HillClimbing.level(key: other, synapse: $0) }
        #expect((550...780).contains(changed.count), "\(changed.count) of 1000 differ between iterations")  // 2/3 expected
    }

    /// A resume from `state` continues bit for bit: the same losses and weights as the optimizer left alone.
    @Test(arguments: [ClassificationExperiment.Method.hillclimb, .signsgd])
    func stateRestoresTheRun(method: ClassificationExperiment.Method) throws {
        let training = try InMemoryDataTests.clusters(count: 90, seed: 6)
        let configuration = Self.configuration(method, step: 0.05)
        func make() throws -> PeerOptimizer {
            let network = try Self.network(sizes: [4, 5, 3], seed: 3)
            return method == .hillclimb
                ? try HillClimbing(network: network, training: training, configuration: configuration, threads: 1)
                : try SignSGD(network: network, training: training, configuration: configuration, threads: 1)
        }
        let alone = try make(), stopped = try make(), resumed = try make()
        var losses: [Double] = [], resumedLosses: [Double] = []
        try Self.drive(alone, iterations: 1...70, resampleEvery: 30) { iteration, _, loss in
            if iteration > 45 { losses.append(loss) }
        }
        try Self.drive(stopped, iterations: 1...45, resampleEvery: 30)
        try resumed.restore(network: stopped.network, state: stopped.state)
        try Self.drive(resumed, iterations: 46...70, resampleEvery: 30) { _, _, loss in resumedLosses.append(loss) }
        #expect(resumedLosses == losses)
        #expect(Self.bits(resumed.network.weights) == Self.bits(alone.network.weights))
        #expect(resumed.stepSize == alone.stepSize)
        #expect(throws: SynapticRLError.self) { try make().restore(network: stopped.network, state: PeerState()) }
        #expect(throws: SynapticRLError.self) {
            try make().restore(network: try Self.network(sizes: [4, 3], seed: 1), state: stopped.state)
        }
    }

    /// The forward passes each method spends on its minibatch, counted at the pass, are what `trainingCost` charges.
    @Test(arguments: [(ClassificationExperiment.Method.hillclimb, true), (.hillclimb, false), (.signsgd, true)])
    func spendsWhatTrainingCostCharges(method: ClassificationExperiment.Method, reevaluateAtSwitch: Bool) throws {
        let training = try InMemoryDataTests.clusters(count: 90, seed: 8)
        var configuration = Self.configuration(method, step: 0.05, iterations: 95)
        configuration.reevaluateAtSwitch = reevaluateAtSwitch
        let network = try Self.network(sizes: [4, 5, 3], seed: 4)
        let optimizer: PeerOptimizer
        let pass: ForwardPass
        if method == .hillclimb {
            let climber = try HillClimbing(network: network, training: training, configuration: configuration, threads: 1)
            (optimizer, pass) = (climber, climber.minibatch.pass)
        } else {
            let signs = try SignSGD(network: network, training: training, configuration: configuration, threads: 1)
            (optimizer, pass) = (signs, signs.minibatch.pass)
        }
        let profile = PhaseProfile()
        pass.profile = profile
        try Self.drive(optimizer, iterations: 1...95, resampleEvery: 30)
        let spent = (profile.gemms[PhaseProfile.Phase.gemm(layer: 0)]?.calls ?? 0) * 40
        let charged = configuration.trainingCost(afterIterations: 95, trainingCount: training.count)
        #expect(spent == charged.forwardPasses, "spent \(spent), charged \(charged.forwardPasses)")
        // 95 iterations cross 3 switches: 1 + 95 (+ 3 re-evaluations) minibatch evaluations.
        #expect(charged.forwardPasses == 40 * (method == .hillclimb && reevaluateAtSwitch ? 99 : 96))
    }

    // MARK: signsgd

    /// Each step moves every synapse by −step · sign(g) (a bias's × 2) of GradientDescent's gradient at the same
    /// weights on the same batch, and reports the loss before it: the plain twin, exactly (the same BLAS calls).
    @Test func signsgdMatchesItsTwin() throws {
        let training = try InMemoryDataTests.clusters(count: 30, seed: 9)  // one batch of the whole set, in order
        var configuration = Self.configuration(.signsgd, step: 0.01)
        configuration.batchSize = 30
        configuration.settings.biasStepMultiplier = 2
        let signs = try SignSGD(network: try Self.network(sizes: [4, 5, 3], seed: 5), training: training,
                                configuration: configuration, threads: 1)
        var moved = 0
        for iteration in 1...5 {
            let before = signs.network
            let reference = try GradientDescent(network: before, training: training, learningRate: 1)
            let gradient = reference.currentGradient()
            let twin = before.weights.indices.map { k -> Float in
                let step = Float(0.01) * (before.isBias(k) ? 2 : 1)
                return gradient[k] > 0 ? before.weights[k] - step : gradient[k] < 0 ? before.weights[k] + step : before.weights[k]
            }
            let loss = try signs.step(iteration: iteration)
            #expect(loss == reference.currentLoss(), "iteration \(iteration): not the loss before the step")
            #expect(Self.bits(signs.network.weights) == Self.bits(twin), "iteration \(iteration): not the twin's step")
            moved += zip(before.weights, signs.network.weights).filter { $0 != $1 }.count
        }
        #expect(moved > 5 * 30)  // most of the 43 synapses move each step
    }

    // MARK: whole runs

    /// Both methods learn the clusters well above chance through `ClassificationExperiment.run`.
    @Test(arguments: [(ClassificationExperiment.Method.hillclimb, Float(0.05)), (.signsgd, 0.01)])
    func learnsASmallProblem(method: ClassificationExperiment.Method, step: Float) throws {
        let data = try DataSource.Loaded(path: "memory", train: try InMemoryDataTests.clusters(count: 300, seed: 10))
        let outcome = try ClassificationExperiment.run(Self.configuration(method, step: step, iterations: 300), data: data)
        let summary = outcome.summary
        #expect(summary.validationAccuracy >= 0.85 && summary.chanceAccuracy < 0.4,
                "\(method): validation accuracy \(summary.validationAccuracy), from \(summary.initialValidationAccuracy)")
        #expect(summary.trainLoss < summary.initialTrainLoss - 0.3)
    }

    /// 1 and 2 threads write the same weights.bin and metrics (but the clock), whose pass columns are `trainingCost`.
    @Test(arguments: [ClassificationExperiment.Method.hillclimb, .signsgd])
    func threadsGiveTheSameRun(method: ClassificationExperiment.Method) throws {
        let data = try DataSource.Loaded(path: "memory", train: try InMemoryDataTests.clusters(count: 400, seed: 11))
        let root = try PolicyFileTests.temporaryFolder()
        var folders: [URL] = []
        for threads in [1, 2] {
            var configuration = Self.configuration(method, step: 0.02, iterations: 100, threads: threads)
            configuration.batchSize = 200
            let folder = root.appendingPathComponent("threads-\(threads)")
            _ = try ClassificationExperiment.run(configuration, data: data, output: folder)
            folders.append(folder)
        }
        #expect(try Self.comparable(folders[0]) == Self.comparable(folders[1]))
        let csv = try String(contentsOf: folders[0].appendingPathComponent("metrics.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let (iteration, forward, backward) = (rows[0].firstIndex(of: "iteration")!, rows[0].firstIndex(of: "forward_passes")!,
                                              rows[0].firstIndex(of: "backward_passes")!)
        let configuration = Self.configuration(method, step: 0.02, iterations: 100)
        #expect(rows.count == 1 + 3)  // row 0, 50, 100
        for row in rows.dropFirst() {
            var sized = configuration
            sized.batchSize = 200
            let cost = sized.trainingCost(afterIterations: Int(row[iteration])!, trainingCount: 300)  // 75% of 400
            #expect(Int(row[forward]) == cost.forwardPasses && Int(row[backward]) == cost.backwardPasses, "\(row)")
        }
    }
}
