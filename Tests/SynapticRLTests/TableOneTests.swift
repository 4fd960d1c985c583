import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

@Suite struct TableOneTests {
    @Test func scheduleShrinksProportionally() throws {
        let runs = try TableOneReproduction.configurations(trials: 2, scale: 0.01, base: ClassificationExperiment.Configuration())
        #expect(runs.count == 2 * 2 * 2 + 1)
        let synrl32 = runs.first { $0.experiment == "Syn. RL 32 HU" }!.configuration
        #expect(synrl32.iterations == 5000 && synrl32.resampleEvery == 50)
        #expect(synrl32.schedule.changes == [.init(iteration: 600, factor: 0.5)])
        #expect(runs.filter { $0.experiment == "Syn. RL 0 HU" }.map(\.configuration.seed) == [1, 2])
        #expect(runs.last!.configuration.method == .lstsq)
    }

    /// Fashion-MNIST's split: 45,000 training and 15,000 validation images.
    @Test func evaluationCostsAtMostFivePercent() {
        var synrl = ClassificationExperiment.Configuration()
        synrl.iterations = 200_000
        #expect(ClassificationExperiment.defaultEvaluationInterval(synrl, trainingCount: 45_000, validationCount: 15_000) == 4000)
        synrl.iterations = 2000  // 50 evaluations would cost 12 forward passes (and conversions) every 40 iterations
        #expect(ClassificationExperiment.defaultEvaluationInterval(synrl, trainingCount: 45_000, validationCount: 15_000) == 1320)
        synrl.iterations = 100
        #expect(ClassificationExperiment.defaultEvaluationInterval(synrl, trainingCount: 45_000, validationCount: 15_000) == 100)
        var gd = synrl
        gd.method = .gd
        gd.iterations = 3000
        #expect(ClassificationExperiment.defaultEvaluationInterval(gd, trainingCount: 45_000, validationCount: 15_000) == 74)
    }

    @Test func statisticsAndTables() throws {
        let summaries = [0.8, 0.9].enumerated().map { index, accuracy in
            ClassificationExperiment.Summary(
                dataSet: "d", method: "synrl", hidden: [], parameters: 7850, seed: UInt64(index + 1), iterations: 10,
                trainAccuracy: 0, validationAccuracy: accuracy, trainLoss: 0, validationLoss: 0, initialTrainAccuracy: 0,
                initialValidationAccuracy: 0, initialTrainLoss: 0, initialValidationLoss: 0, chanceAccuracy: 0.1, seconds: 2,
                iterationsPerSecond: 5, split: "s")
        }
        let rows = TableOneReproduction.rows(from: summaries.map { ("Syn. RL 0 HU", $0) })
        #expect(rows.count == 1)
        let row = rows[0]
        #expect(row.minimum == 0.8 && row.maximum == 0.9)
        #expect(abs(row.mean - 0.85) < 1e-12)
        #expect(abs(row.standardDeviation - (0.005).squareRoot()) < 1e-12)  // ((0.05² + 0.05²) / 1)^½
        let markdown = TableOneReproduction.markdown(rows, dataSet: "d", scale: 1)
        #expect(markdown.contains("| Syn. RL 0 HU | 2 | 80.00% | 90.00% | 85.00% | 7.07% | 2.0 s | 7850 | 87.65 / 88.84 / 88.28 / 0.41 % | 1.5 h |"))
        #expect(TableOneReproduction.csv(rows).contains("Syn. RL 0 HU,synrl,0,2,0.800000,0.900000,0.850000,0.070711,2.000,7850,1 2"))
    }
}
