import Foundation
import Testing
@testable import SynapticRL
@testable import SynapticRLExperiments

/// What training spends, counted one way for every method, and `synrl compare` spending equal budgets of it.
@Suite struct ComparisonTests {
    /// The metrics rows' pass counts, read back from the run's log.
    func costs(of configuration: ClassificationExperiment.Configuration) throws -> [(iteration: Int, cost: SampleCost?, scoring: Int?)] {
        let folder = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        _ = try ClassificationExperiment.run(configuration, data: SmallRuns.data(), output: folder)
        let rows = try MethodComparison.recordedRows(in: folder)
        #expect(!rows.isEmpty)
        let text = try String(contentsOf: folder.appendingPathComponent("metrics.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        let column = { (name: String) in header.firstIndex(of: name)! }
        return lines.dropFirst().map { fields in
            (Int(fields[column("iteration")])!,
             SampleCost(forwardPasses: Int(fields[column("forward_passes")])!, backwardPasses: Int(fields[column("backward_passes")])!),
             Int(fields[column("scoring_forward_passes")]))
        }
    }

    /// Synaptic RL evaluates its minibatch once an iteration and once more at each switch (the old weights on the
    /// new batch): 40 samples, 10 iterations, a new batch before iterations 4, 7 and 10.
    @Test func synapticRLPaysAnEvaluationAnIterationAndOneAtEachSwitch() throws {
        var configuration = SmallRuns.configuration(hidden: [], iterations: 10, resampleEvery: 3, evaluateEvery: 5, adaptive: false)
        configuration.firstLayer = .dense
        let rows = try costs(of: configuration)
        #expect(rows.map(\.iteration) == [0, 5, 10])
        #expect(rows.map { $0.cost?.forwardPasses } == [40, 40 * (1 + 5 + 1), 40 * (1 + 10 + 3)])
        #expect(rows.allSatisfy { $0.cost?.backwardPasses == 0 })
        // Scoring is counted apart: 90 training and 30 validation images at each of the rows so far.
        #expect(rows.map(\.scoring) == [120, 240, 360])
        configuration.reevaluateAtSwitch = false
        #expect(try costs(of: configuration).map { $0.cost?.forwardPasses } == [40, 40 * 6, 40 * 11])
    }

    /// Gradient descent passes the whole training split forward and backward each step; a backward pass counts as
    /// two forwards in the combined figure.
    @Test func gradientDescentPaysAForwardAndABackwardPassOverItsBatch() throws {
        var configuration = SmallRuns.configuration(hidden: [4], iterations: 6, evaluateEvery: 3)
        configuration.method = .gd
        configuration.settings.adaptive = false
        let full = try costs(of: configuration)
        #expect(full.map { $0.cost?.forwardPasses } == [90, 90 * 4, 90 * 7])
        #expect(full.map { $0.cost?.backwardPasses } == [0, 90 * 3, 90 * 6])
        #expect(full.last?.cost?.forwardEquivalents == 90 * 7 + 2 * 90 * 6)
        configuration.method = .sgd  // its batch: --batch-size (40) unless --batch
        #expect(try costs(of: configuration).map { $0.cost?.backwardPasses } == [0, 40 * 3, 40 * 6])
        configuration.gradientBatchSize = 25
        #expect(try costs(of: configuration).map { $0.cost?.backwardPasses } == [0, 25 * 3, 25 * 6])
    }

    /// The iterations that spend a budget are the fewest that reach it, for every method and many budgets.
    @Test func theBudgetsIterationIsTheFirstToReachIt() throws {
        var random = CounterStream(seed: 15)
        for method in ClassificationExperiment.Method.allCases where method != .lstsq {
            var configuration = ClassificationExperiment.Configuration()
            configuration.method = method
            configuration.batchSize = 1 + random.index(below: 6000)
            configuration.resampleEvery = 1 + random.index(below: 50)
            for _ in 0..<20 {
                let budget = 1 + random.index(below: 50_000_000)
                let trainingCount = 1000 + random.index(below: 60_000)
                let iterations = try MethodComparison.iterations(toSpend: budget, configuration, trainingCount: trainingCount)
                let spent = { configuration.trainingCost(afterIterations: $0, trainingCount: trainingCount).forwardEquivalents }
                #expect(iterations >= 1 && spent(iterations) >= budget)
                #expect(iterations == 1 || spent(iterations - 1) < budget, "\(method) spends \(budget) sooner")
            }
        }
    }

    /// A comparison scores every run where it has spent each budget, and its table reports what was spent there;
    /// resuming keeps finished runs, and a resume with other settings is refused.
    @Test func aComparisonSpendsEachBudgetAndResumes() throws {
        let folder = try PolicyFileTests.temporaryFolder().appendingPathComponent("compare")
        var base = SmallRuns.configuration(hidden: [], adaptive: false)
        base.firstLayer = .dense
        let settings = try MethodComparison.Settings(methods: [.synrl, .gd], seeds: 2, budgets: [2_000, 20_000], scale: 1, base: base)
        try RunFolder.claimNew(folder, overwrite: false)
        let outcome = try MethodComparison.run(settings, data: SmallRuns.data(), folder: folder, resume: false)
        #expect(outcome.cells.count == 2 * 3 && !outcome.interrupted)
        for cell in outcome.cells {
            #expect(cell.accuracies.count == 2, "\(cell.method) at \(cell.budget ?? -1)")
            if let budget = cell.budget { #expect(cell.spent.allSatisfy { $0 >= budget }) }
        }
        // The first scored row at or past each budget is the budget's: nothing scored between spent less.
        let rows = try MethodComparison.recordedRows(in: folder.appendingPathComponent("runs/gd-seed2"))
        for budget in settings.budgets {
            #expect(rows.first { $0.forwardEquivalents >= budget }.map { $0.forwardEquivalents } == outcome.cells.first { $0.method == "gd" && $0.budget == budget }?.spent.last)
        }
        let table = try String(contentsOf: folder.appendingPathComponent("comparison.md"), encoding: .utf8)
        #expect(table.contains("| synrl |") && table.contains("| gd |") && table.contains("2.0e3"))

        let summary = folder.appendingPathComponent("runs/synrl-seed1/summary.json")
        let before = try Data(contentsOf: summary)
        var lines: [String] = []
        let resumed = try MethodComparison.run(settings, data: SmallRuns.data(), folder: folder, resume: true, log: { lines.append($0) })
        #expect(resumed.cells == outcome.cells)
        #expect(lines.filter { $0.hasSuffix("finished earlier, kept") }.count == 4)
        #expect(try Data(contentsOf: summary) == before)

        let other = try MethodComparison.Settings(methods: [.synrl, .gd], seeds: 3, budgets: [2_000, 20_000], scale: 1, base: base)
        #expect(throws: SynapticRLError.self) { try MethodComparison.run(other, data: SmallRuns.data(), folder: folder, resume: true) }
    }

    @Test func settingsThatCannotBeComparedAreRefused() throws {
        let base = ClassificationExperiment.Configuration()
        for (methods, budgets, scale) in [([ClassificationExperiment.Method](), [1e6], 1.0), ([.lstsq], [1e6], 1), ([.gd, .gd], [1e6], 1),
                                          ([.gd], [1e7, 1e6], 1), ([.gd], [], 1), ([.gd], [1e6], 0), ([.gd], [1e6], .nan)] {
            #expect(throws: SynapticRLError.self) { try MethodComparison.Settings(methods: methods, seeds: 2, budgets: budgets, scale: scale, base: base) }
        }
    }
}
