import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

@Suite struct BoundaryTaskTests {
    @Test func taskIsAPureFunctionOfItsSeed() throws {
        let first = try BoundaryTask(seed: 4)
        let second = try BoundaryTask(seed: 4)
        let other = try BoundaryTask(seed: 5)
        #expect(first.points == second.points && first.targetOutputs == second.targetOutputs)
        #expect(first.points != other.points)
        #expect(first.points.values.allSatisfy { abs($0) <= 10 })
        #expect(first.target.sizes == [2, 100, 1])
        // Target weights U[−1, 1], biases 0.
        for index in 0..<first.target.synapseCount {
            let weight = first.target.weights[index]
            #expect(first.target.isBias(index) ? weight == 0 : abs(weight) <= 1)
        }
        // Both classes occur: a boundary that labels everything alike would make accuracy meaningless.
        let positives = first.targetOutputs.filter { $0 > 0 }.count
        #expect(positives > 0 && positives < first.targetOutputs.count)
    }

    @Test func theTargetMatchesItselfPerfectly() throws {
        let task = try BoundaryTask(seed: 6)
        #expect(task.loss(of: task.target) == 0)
        #expect(task.accuracyOfLastEvaluation() == 1)
    }

    /// Measured on the development machine: 98.55% after 3,000 adaptive iterations with seed 3.
    @Test func shortAdaptiveRunReaches95Percent() throws {
        var configuration = BoundaryExperiment.Configuration()
        configuration.seed = 3
        configuration.iterations = 3000
        let outcome = try BoundaryExperiment.run(configuration)
        #expect(outcome.summary.accuracy >= 0.95, "accuracy \(outcome.summary.accuracy)")
        #expect(outcome.summary.loss < outcome.summary.initialLoss / 4)
        #expect(outcome.finalTable.values.contains { $0 != 0 })
        #expect(outcome.exportedTable == outcome.exportedTable.mirrorSymmetrized())
    }

    /// Measured on the development machine: 98.30% after 3,000 static iterations on boundary 13.
    @Test func authorsTableAppliedStaticallyReaches95Percent() throws {
        var configuration = BoundaryExperiment.Configuration()
        configuration.seed = 13
        configuration.iterations = 3000
        configuration.initialTable = try PolicyFile.authorsGolden().table
        configuration.settings.adaptive = false
        let outcome = try BoundaryExperiment.run(configuration)
        #expect(outcome.summary.accuracy >= 0.95, "accuracy \(outcome.summary.accuracy)")
        #expect(outcome.finalTable.values == configuration.initialTable?.values)
    }
}
