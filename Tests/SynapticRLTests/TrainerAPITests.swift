import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// What a researcher changes without copying the trainer: the reward rule, ε between iterations, an observer of
/// every iteration, and data from memory.
@Suite struct TrainerAPITests {
    let smallShape: BoundaryTask.Shape = {
        var shape = BoundaryTask.Shape()
        shape.pointCount = 200
        shape.hiddenUnits = 10
        return shape
    }()

    /// The hand-traced iteration of SynapticTrainerTests (the loss rose, so the paper's rule gives −1 and the three
    /// in-place updates take Q from 1 to −0.75), under a rule that rewards every iteration: R = +1, and each update
    /// 1 + 0.5 · (1 + 0.9 · 0 − 1) = 1 leaves Q at 1; the reward history records a bonus.
    @Test func aReplacedRewardRuleDecidesTheRewardAndTheUpdate() throws {
        let (trainer, objective) = try SynapticTrainerTests.threeSynapseTrainer()
        trainer.rewardRule = RewardRule(name: "always") { _, _ in true }
        #expect(try trainer.step(on: objective) == 1)
        #expect(trainer.table.values[40 * 3 + 2] == 1)
        #expect(trainer.state.rewardCode == HistoryCoding(length: 2).pushing(RewardSymbol.bonus, onto: HistoryCoding(length: 2).initialCode))
    }

    @Test func theDefaultRuleIsStrictDecreaseWithTiesPenalised() {
        let rule = RewardRule.strictDecrease
        #expect(rule.reward(previous: 1, new: 0.5) == 1 && rule.reward(previous: 1, new: 1) == -1
                    && rule.reward(previous: 1, new: 1.5) == -1)
        let relative = RewardRule.relativeDecrease(atLeast: 0.1)
        #expect(relative.reward(previous: 1, new: 0.85) == 1 && relative.reward(previous: 1, new: 0.95) == -1)
    }

    @Test func theObserverHearsEveryIteration() throws {
        let task = try BoundaryTask(seed: 4, shape: smallShape)
        let trainer = try SynapticTrainer(network: task.makeLearner(seed: 4, weightRange: 0.5), table: QTable(historyLength: 2),
                                          settings: SynapticSettings(), seed: 4, objective: task)
        var reports: [IterationReport] = []
        var shares: [[Double]] = []  // counted here from the actions the trainer took
        trainer.observer = { report in
            reports.append(report)
            let actions = trainer.state.actions
            shares.append((0...2).map { action in Double(actions.filter { $0 == action }.count) / Double(actions.count) })
        }
        var rewards: [Double] = []
        for _ in 0..<25 { rewards.append(try trainer.step(on: task)) }
        #expect(reports.map(\.iteration) == Array(1...25))
        #expect(reports.map(\.reward) == rewards)
        #expect(reports.last?.loss == trainer.loss)
        #expect(reports.map(\.actionShares) == shares)
        #expect(reports.allSatisfy { $0.epsilon == 0.25 && $0.step == 0.001 })
    }

    /// ε annealed between iterations: refused outside [0, 1], and a run that anneals leaves the constant one.
    @Test func epsilonMayChangeBetweenIterations() throws {
        let task = try BoundaryTask(seed: 5, shape: smallShape)
        func trainer() throws -> SynapticTrainer {
            try SynapticTrainer(network: task.makeLearner(seed: 5, weightRange: 0.5), table: QTable(historyLength: 2),
                                settings: SynapticSettings(), seed: 5, objective: task)
        }
        let constant = try trainer(), annealed = try trainer()
        for invalid in [1.5, -0.1, .nan] {
            #expect(throws: SynapticRLError.self) { try annealed.setEpsilon(invalid) }
        }
        #expect(annealed.settings.epsilon == 0.25)
        for iteration in 0..<40 {
            try constant.step(on: task)
            try annealed.setEpsilon(0.25 * (1 - Double(iteration) / 40))
            try annealed.step(on: task)
        }
        #expect(annealed.settings.epsilon == 0.25 * (1 - 39.0 / 40))
        #expect(annealed.network.weights != constant.network.weights)
    }

    @Test func dataFromMemoryTrainsAndAMismatchedTestSplitIsRefused() throws {
        var draws = TestData(seed: 12)
        let pixels = (0..<(90 * 9)).map { _ in UInt8(draws.int(below: 256)) }
        let train = try LabeledImages(name: "memory", width: 3, height: 3, pixels: pixels,
                                      labels: (0..<90).map { UInt8($0 % 3) }, classNames: ["a", "b", "c"])
        let loaded = try DataSource.Loaded(path: "memory", train: train)
        var configuration = SmallRuns.configuration(hidden: [], iterations: 30, evaluateEvery: 10)
        configuration.batchSize = 30
        let outcome = try ClassificationExperiment.run(configuration, data: loaded)
        #expect(outcome.summary.iterations == 30 && outcome.network.sizes == [9, 3])
        let other = try LabeledImages(name: "other", width: 3, height: 3, pixels: Array(pixels.prefix(18)),
                                      labels: [0, 1], classNames: ["a", "b"])
        #expect(throws: SynapticRLError.invalidData("other: its images or classes differ from memory's")) {
            try DataSource.Loaded(path: "memory", train: train, test: other)
        }
    }
}
