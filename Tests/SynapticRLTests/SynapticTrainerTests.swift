import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

@Suite struct SynapticTrainerTests {
    /// One iteration of a 3-synapse net, traced by hand.
    /// Network 2 → 1, identity; weights (bias, w1, w2) = (0.5, −0.25, 1); samples x = (1, 2), (−1, 1); targets (2, 0).
    /// Before: y = (2.25, 1.75), residual (0.25, 1.75), loss = √3.125 / 2.
    /// Table: zero except Q[initial state][+] = 1, ε = 0, so all three synapses take + (step 0.125):
    /// weights (0.625, −0.125, 1.125); y = (2.75, 1.875), residual (0.75, 1.875), loss = √4.078125 / 2: it rose, R = −1.
    /// TD (α = 0.5, γ = 0.9), s = initial state 40, s' = (actions (none, +), rewards (neutral, −1)) = 5·9 + 3 = 48,
    /// max Q[48] = 0, one synapse after another on the same entry:
    ///   1 + 0.5 · (−1 − 1) = 0;  0 + 0.5 · (−1 − 0) = −0.5;  −0.5 + 0.5 · (−1 + 0.5) = −0.75.
    @Test func oneIterationOfAThreeSynapseNetByHand() throws {
        let (trainer, objective) = try Self.threeSynapseTrainer()
        #expect(abs(trainer.loss - 3.125.squareRoot() / 2) < 1e-12)

        let reward = try trainer.step(on: objective)

        #expect(trainer.state.actions == [2, 2, 2])
        #expect(trainer.network.weights == [0.625, -0.125, 1.125])
        #expect(abs(trainer.loss - 4.078125.squareRoot() / 2) < 1e-12)
        #expect(reward == -1)
        #expect(trainer.table.values[40 * 3 + 2] == -0.75)
        #expect(trainer.table.values.filter { $0 != 0 }.count == 1)
        // Histories moved on: actions (none, +) = code 5, rewards (neutral, −1) = code 3.
        #expect(trainer.state.actionCodes == [5, 5, 5])
        #expect(trainer.state.rewardCode == 3)
    }

    @Test func staticModeLeavesTheTableAlone() throws {
        let task = try BoundaryTask(seed: 3, shape: smallShape)
        var settings = SynapticSettings()
        settings.adaptive = false
        let golden = try PolicyFile.authorsGolden().table
        let trainer = try SynapticTrainer(network: task.makeLearner(seed: 3, weightRange: 0.5), table: golden,
                                          settings: settings, seed: 3, objective: task)
        for _ in 0..<50 { try trainer.step(on: task) }
        #expect(trainer.table == golden)
        #expect(trainer.averageTable.sampleCount == 0)
    }

    /// The trainer of the traced iteration above and its objective (also TrainerAPITests' start).
    static func threeSynapseTrainer() throws -> (SynapticTrainer, Objective) {
        var network = try Network(sizes: [2, 1], activations: [.identity])
        network.weights = [0.5, -0.25, 1]
        let input = try Batch(features: 2, count: 2, values: [1, -1, 2, 1])
        let objective = RegressionObjective(sizes: [2, 1], input: input, targets: [2, 0])
        var table = QTable(historyLength: 2)
        table.values[40 * 3 + 2] = 1
        var settings = SynapticSettings()
        settings.epsilon = 0
        settings.step = 0.125
        settings.qLearningRate = 0.5
        settings.discount = 0.9
        return (try SynapticTrainer(network: network, table: table, settings: settings, seed: 1, objective: objective), objective)
    }

    var smallShape: BoundaryTask.Shape {
        var shape = BoundaryTask.Shape()
        shape.pointCount = 300
        shape.hiddenUnits = 20
        return shape
    }

    /// Losses, weights, table after `iterations` adaptive iterations.
    func trajectory(seed: UInt64, threads: Int, iterations: Int = 100) throws -> ([Double], [Float], [Double]) {
        let task = try BoundaryTask(seed: seed, shape: smallShape, threads: threads)
        var settings = SynapticSettings()
        settings.threads = threads
        let trainer = try SynapticTrainer(network: task.makeLearner(seed: seed, weightRange: 0.5),
                                          table: QTable(historyLength: 2), settings: settings, seed: seed, objective: task)
        var losses = [trainer.loss]
        for _ in 0..<iterations {
            try trainer.step(on: task)
            losses.append(trainer.loss)
        }
        return (losses, trainer.network.weights, trainer.table.values)
    }

    @Test func sameSeedGivesABitIdenticalRun() throws {
        let first = try trajectory(seed: 8, threads: 1)
        let second = try trajectory(seed: 8, threads: 1)
        #expect(first.0 == second.0)
        #expect(first.1 == second.1)
        #expect(first.2 == second.2)
        let other = try trajectory(seed: 9, threads: 1)
        #expect(other.1 != first.1)
    }

    @Test func threadCountDoesNotChangeTheRun() throws {
        let one = try trajectory(seed: 10, threads: 1)
        for threads in [2, 3] {
            let many = try trajectory(seed: 10, threads: threads)
            #expect(many.0 == one.0, "losses differ with \(threads) threads")
            #expect(many.1 == one.1, "weights differ with \(threads) threads")
            #expect(many.2 == one.2, "tables differ with \(threads) threads")
        }
    }

    @Test func nonsenseSettingsAreRejected() throws {
        let task = try BoundaryTask(seed: 1, shape: smallShape)
        let learner = try task.makeLearner(seed: 1, weightRange: 0.5)
        for change in [{ (s: inout SynapticSettings) in s.epsilon = 1.5 }, { $0.epsilon = .nan }, { $0.step = 0 },
                       { $0.step = .infinity }, { $0.qLearningRate = -1 }, { $0.discount = 2 }, { $0.threads = 0 }] {
            var settings = SynapticSettings()
            change(&settings)
            #expect(throws: SynapticRLError.self) {
                try SynapticTrainer(network: learner, table: QTable(historyLength: 2), settings: settings, seed: 1, objective: task)
            }
        }
        #expect(throws: SynapticRLError.self) {
            try SynapticTrainer(network: learner, table: QTable(historyLength: 3), settings: SynapticSettings(), seed: 1, objective: task)
        }
    }
}
