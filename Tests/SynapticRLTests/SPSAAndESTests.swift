import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@_spi(Benchmarks) @testable import SynapticRLExperiments

/// SPSA and ES, synaptic RL's gradient-free peers: the stacked population evaluation against its twin, SPSA's
/// estimate and step, ES's centred ranks and resume, learning, thread independence and the cost they spend.
@Suite struct SPSAAndESTests {
    /// Settings that learn the clusters in a few hundred steps (the defaults are for MNIST's 5000-image batches).
    static var settings: PeerSettings {
        var settings = PeerSettings()
        (settings.spsaGain, settings.spsaStability, settings.spsaPerturbation, settings.spsaAverages) = (1, 10, 0.05, 2)
        (settings.population, settings.esSigma, settings.esLearningRate) = (20, 0.05, 0.05)
        return settings
    }

    static func configuration(_ method: ClassificationExperiment.Method, hidden: [Int] = [], iterations: Int = 150,
                              threads: Int = 1) -> ClassificationExperiment.Configuration {
        var configuration = SmallRuns.configuration(hidden: hidden, iterations: iterations, resampleEvery: 40, evaluateEvery: 50,
                                                     adaptive: false)
        configuration.method = method
        configuration.batchSize = 30
        configuration.peer = settings
        configuration.settings.threads = threads
        return configuration
    }

    static func randomNetwork(sizes: [Int], activations: [Activation]? = nil, draws: inout TestData) throws -> Network {
        var network = try activations.map { try Network(sizes: sizes, activations: $0) } ?? Network.classifier(sizes: sizes)
        network.weights = draws.floats(network.synapseCount, in: -0.5...0.5)
        return network
    }

    // MARK: The stacked population evaluation

    /// Shapes with and without hidden layers, batches across the 512-column GEMM block, 1 to 5 members.
    @Test(arguments: [([7, 3], 1, 37), ([9, 5, 4], 3, 600), ([13, 6, 3, 2], 5, 129), ([4, 8, 3], 2, 1)])
    func stackedPopulationMatchesTheTwin(sizes: [Int], members: Int, samples: Int) throws {
        var draws = TestData(seed: UInt64(sizes.reduce(0, +) * 1000 + members * 10 + samples))
        let activations = sizes.count > 3 ? [Activation.tanh, .sigmoid, .identity] : nil
        let population = PopulationForward(shape: try Self.randomNetwork(sizes: sizes, activations: activations, draws: &draws),
                                           members: members, batchSize: samples, threads: 1)
        for member in 0..<members {
            population.setMember(member, weights: try Self.randomNetwork(sizes: sizes, activations: activations, draws: &draws).weights)
        }
        let input = try Batch(features: sizes[0], count: samples, values: draws.floats(sizes[0] * samples))
        let labels = (0..<samples).map { _ in Int32(draws.int(below: sizes.last!)) }
        let stacked = population.evaluate(on: input, labels: labels)
        let twin = try population.evaluateTwin(on: input, labels: labels)
        // BLAS reorders the sums (Tolerance.blasRelative on each logit); a loss of order 1 moves by about as much.
        let worst = zip(stacked, twin).map { abs($0 - $1) / max(abs($1), 1) }.max()!
        #expect(worst <= 1e-5, "largest relative difference \(worst)")
        #expect(stacked.count == members && stacked.allSatisfy(\.isFinite))

        let threaded = PopulationForward(shape: try Network(sizes: sizes, activations: population.activations),
                                         members: members, batchSize: samples, threads: 2)
        for member in 0..<members { threaded.setMember(member, weights: population.memberWeights(member)) }
        #expect(threaded.evaluate(on: input, labels: labels) == stacked, "whole members per thread: the same bits")
    }

    // MARK: SPSA

    /// On L(θ) = Σ h_i (θ_i − t_i)² the central difference is exact, (L(θ + cΔ) − L(θ − cΔ)) / 2c = ∇L · Δ, and
    /// E[ΔΔᵀ] = I: the mean of 400 estimates lies within a few degrees of the gradient, and each points downhill
    /// on average.
    @Test func spsaEstimatePointsDownhillOnAverage() {
        var draws = TestData(seed: 11)
        let (theta, target, curvature) = (draws.floats(20), draws.floats(20), draws.floats(20, in: 0.5...2))
        func loss(_ w: [Float]) -> Double {
            var sum = 0.0
            for i in 0..<20 {
                let residual = Double(w[i] - target[i])
                sum += Double(curvature[i]) * residual * residual
            }
            return sum
        }
        let gradient = (0..<20).map { 2 * Double(curvature[$0]) * Double(theta[$0] - target[$0]) }
        var mean = [Double](repeating: 0, count: 20)
        var downhill = 0.0
        for draw in 0..<400 {
            let delta = SPSA.perturbation(seed: 5, iteration: 1, estimate: draw, count: 20)
            #expect(delta.allSatisfy { $0 == 1 || $0 == -1 })
            let (plus, minus) = SPSA.twoSidedLosses(weights: theta, delta: delta, perturbation: 0.01, loss: loss)
            let estimate = delta.map { Double($0) * (plus - minus) / 0.02 }
            for i in 0..<20 { mean[i] += estimate[i] / 400 }
            downhill += zip(estimate, gradient).map(*).reduce(0, +) / 400
        }
        let norm = { (v: [Double]) in v.map { $0 * $0 }.reduce(0, +).squareRoot() }
        let cosine = zip(mean, gradient).map(*).reduce(0, +) / (norm(mean) * norm(gradient))
        #expect(cosine > 0.9, "cosine \(cosine)")
        // E[ĝ · ∇L] = ‖∇L‖².
        #expect(abs(downhill / (norm(gradient) * norm(gradient)) - 1) < 0.2, "E[ĝ·∇L]/‖∇L‖² = \(downhill / pow(norm(gradient), 2))")
    }

    /// One SPSA step (two estimates) traced: Δ from its key, c_1 = c / 1^γ = c, a_1 = a / (1 + A)^α, the four
    /// losses on minibatch 0, θ − (a_1 / 2) Σ_j (L⁺_j − L⁻_j) / (2c) Δ_j — the same Float arithmetic, so exact.
    @Test func spsaStepMatchesTheFormula() throws {
        let data = try InMemoryDataTests.clusters(count: 60, seed: 3)
        var draws = TestData(seed: 8)
        let network = try Self.randomNetwork(sizes: [4, 3, 3], draws: &draws)
        let settings = Self.settings
        let spsa = try SPSA(network: network, training: data, batchSize: 20, settings: settings, seed: 9, threads: 1)
        let reference = try PeerMinibatch(training: data, sizes: network.sizes, batchSize: 20, seed: 9, threads: 1)
        func loss(_ weights: [Float]) -> Double {
            var probe = network
            probe.weights = weights
            return reference.loss(of: probe)
        }
        let c = Float(settings.spsaPerturbation)
        var estimate = [Float](repeating: 0, count: network.synapseCount)
        var losses: [Double] = []
        for j in 0..<2 {
            let delta = SPSA.perturbation(seed: 9, iteration: 1, estimate: j, count: network.synapseCount)
            #expect(delta.contains(1) && delta.contains(-1))
            let (plus, minus) = (loss(zip(network.weights, delta).map { $0 + c * $1 }), loss(zip(network.weights, delta).map { $0 - c * $1 }))
            losses += [plus, minus]
            for i in estimate.indices { estimate[i] += Float((plus - minus) / (2 * Double(c))) * delta[i] }
        }
        let a1 = settings.spsaGain / pow(1 + settings.spsaStability, settings.spsaAlpha)
        let expected = zip(network.weights, estimate).map { $0 - Float(a1 / 2) * $1 }
        let reported = try spsa.step(iteration: 1)
        #expect(spsa.network.weights == expected)
        #expect(reported == losses.reduce(0, +) / 4)
        #expect(spsa.stepSize == Float(a1))
        #expect(SPSA.perturbation(seed: 9, iteration: 2, estimate: 0, count: 40) != SPSA.perturbation(seed: 9, iteration: 1, estimate: 0, count: 40))
    }

    // MARK: ES

    /// Values 3, 1, 2, 1: ascending ranks 3, 0, 2, 1 (the tie goes to the lower index), over n − 1 = 3, less 0.5.
    @Test func centredRanksOfASmallExample() {
        #expect(EvolutionStrategy.centredRanks([3, 1, 2, 1]) == [3.0 / 3 - 0.5, 0.0 / 3 - 0.5, 2.0 / 3 - 0.5, 1.0 / 3 - 0.5])
        #expect(EvolutionStrategy.centredRanks([-1, 5]) == [-0.5, 0.5])
        let ranks = EvolutionStrategy.centredRanks((0..<9).map { Double(($0 * 5) % 9) })
        #expect(ranks.reduce(0, +) == 0 && ranks.min() == -0.5 && ranks.max() == 0.5)
    }

    /// Each pair's ε is standard normal and depends on (seed, iteration, pair) alone.
    @Test func esNoiseIsKeyedByStepAndPair() {
        func row(_ iteration: Int, _ pair: Int) -> [Float] {
            var values = [Float](repeating: 0, count: 4000)
            values.withUnsafeMutableBufferPointer { EvolutionStrategy.drawNoise(seed: 2, iteration: iteration, pair: pair, into: $0) }
            return values
        }
        let values = row(3, 1)
        let mean = values.reduce(0, +) / 4000
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4000
        #expect(abs(mean) < 0.06 && abs(variance - 1) < 0.08, "mean \(mean), variance \(variance)")
        #expect(row(3, 1) == values && row(3, 2) != values && row(4, 1) != values)
    }

    /// A run stopped after 5 steps and continued from its weights and `state` steps exactly as the one left alone.
    @Test func esResumesBitForBit() throws {
        let data = try InMemoryDataTests.clusters(count: 60, seed: 3)
        var draws = TestData(seed: 4)
        let network = try Self.randomNetwork(sizes: [4, 5, 3], draws: &draws)
        var settings = Self.settings
        settings.esWeightDecay = 0.01
        let alone = try EvolutionStrategy(network: network, training: data, batchSize: 20, settings: settings, seed: 6, threads: 1)
        for iteration in 1...5 { _ = try alone.step(iteration: iteration) }
        let resumed = try EvolutionStrategy(network: network, training: data, batchSize: 20, settings: settings, seed: 6, threads: 2)
        try resumed.restore(network: alone.network, state: alone.state)
        for iteration in 6...8 {
            #expect(try alone.step(iteration: iteration) == resumed.step(iteration: iteration))
        }
        #expect(alone.network == resumed.network && alone.state == resumed.state)
        #expect(throws: SynapticRLError.self) { try resumed.restore(network: network, state: PeerState()) }
    }

    // MARK: Runs

    /// Three well-separated clusters (chance 1/3; the initial weights score 0.43): both peers reach high validation
    /// accuracy (measured: 1.0 each).
    @Test(arguments: [ClassificationExperiment.Method.spsa, .es])
    func learnsTheClusters(method: ClassificationExperiment.Method) throws {
        let data = try InMemoryDataTests.clusters(count: 120, seed: 4)
        let outcome = try ClassificationExperiment.run(Self.configuration(method, iterations: 200),
                                                       data: try DataSource.Loaded(path: "memory", train: data))
        #expect(outcome.summary.validationAccuracy >= 0.85, "\(method): \(outcome.summary.validationAccuracy)")
        #expect(outcome.summary.trainLoss < outcome.summary.initialTrainLoss / 2)  // from ln 3 ≈ 1.1 (measured: 0.18 spsa, 0.0004 es)
    }

    /// 1 and 2 threads: the same weights.bin and metrics (clock aside), and the metrics' forward_passes column is
    /// `trainingCost` at every row.
    @Test(arguments: [ClassificationExperiment.Method.spsa, .es])
    func threadsChangeNothingAndTheCostIsCharged(method: ClassificationExperiment.Method) throws {
        let data = try DataSource.Loaded(path: "memory", train: try InMemoryDataTests.clusters(count: 120, seed: 5))
        let root = try PolicyFileTests.temporaryFolder()
        var files: [[String: Data]] = []
        for threads in [1, 2] {
            let folder = root.appendingPathComponent("threads-\(threads)")
            let configuration = Self.configuration(method, hidden: [5], iterations: 60, threads: threads)
            let outcome = try ClassificationExperiment.run(configuration, data: data, output: folder)
            let metrics = try String(contentsOf: folder.appendingPathComponent("metrics.csv"), encoding: .utf8)
            files.append(["weights.bin": try Data(contentsOf: folder.appendingPathComponent("weights.bin")),
                          "metrics.csv": Data(CSVColumns.dropping(["elapsed_seconds"], from: metrics).utf8)])
            let rows = metrics.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            let (iterationColumn, costColumn) = (rows[0].firstIndex(of: "iteration")!, rows[0].firstIndex(of: "forward_passes")!)
            let trainingCount = 90  // 75% of 120; any count above the batch of 30 charges the same
            #expect(rows.count > 3)
            for row in rows.dropFirst() {
                let iteration = Int(row[iterationColumn])!
                #expect(Int(row[costColumn]) == configuration.trainingCost(afterIterations: iteration, trainingCount: trainingCount).forwardPasses,
                        "iteration \(iteration)")
            }
            #expect(outcome.summary.cost == configuration.trainingCost(afterIterations: 60, trainingCount: trainingCount))
        }
        #expect(files[0] == files[1])
    }

    /// What each optimizer actually evaluates is what `trainingCost` charges: iteration 0's pass and then 2q a
    /// SPSA step, n an ES step (counted by the optimizers themselves, not read from the metrics).
    @Test func theOptimizersSpendWhatTheCostCharges() throws {
        let data = try InMemoryDataTests.clusters(count: 60, seed: 3)
        var draws = TestData(seed: 12)
        let network = try Self.randomNetwork(sizes: [4, 3], draws: &draws)
        var settings = Self.settings
        settings.spsaAverages = 3
        for method in [ClassificationExperiment.Method.spsa, .es] {
            var configuration = Self.configuration(method)
            configuration.peer = settings
            configuration.batchSize = 25
            let optimizer: PeerOptimizer
            if method == .spsa {
                optimizer = try SPSA(network: network, training: data, batchSize: 25, settings: settings, seed: 1, threads: 1)
            } else {
                optimizer = try EvolutionStrategy(network: network, training: data, batchSize: 25, settings: settings, seed: 1, threads: 1)
            }
            _ = try optimizer.currentLoss()
            for iteration in 1...7 { _ = try optimizer.step(iteration: iteration) }
            let evaluations = (optimizer as? SPSA)?.evaluations ?? (optimizer as! EvolutionStrategy).evaluations
            #expect(evaluations * 25 == configuration.trainingCost(afterIterations: 7, trainingCount: 60).forwardPasses, "\(method)")
        }
    }
}
