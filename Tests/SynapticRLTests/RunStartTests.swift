import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// Every metrics.csv starts with row 0, the weights before any step, and every summary.json holds those scores
/// and the chance level beside the final ones: a short run that ends below chance can be read from its files.
@Suite struct RunStartTests {
    /// A metrics.csv as rows of fields, header first.
    static func rows(_ folder: URL) throws -> [[String]] {
        try String(contentsOf: folder.appendingPathComponent("metrics.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Trial k's initial weights, drawn as the run draws them.
    static func initialNetwork(_ configuration: ClassificationExperiment.Configuration, _ data: DataSource.Loaded, trial: Int = 0)
        throws -> Network {
        var network = try Network.classifier(sizes: [data.train.pixelsPerImage] + configuration.hiddenUnits + [data.train.classCount])
        var draws = CounterStream(seed: configuration.trialSeed(trial), stream: .initialWeights)
        network.initialize(weightRange: configuration.initRange, using: &draws)
        return network
    }

    /// The summary's start against the initial weights scored anew on the run's split, and row 0 against both.
    static func checkStart(of summary: ClassificationExperiment.Summary, row: [String], network: Network,
                           configuration: ClassificationExperiment.Configuration, data: DataSource.Loaded) throws {
        let split = try DataSplit(count: data.train.count, seed: configuration.seed)
        let (training, validation) = (try data.train.subset(split.training), try data.train.subset(split.validation))
        let (train, valid) = (try Evaluation.score(network, on: training), try Evaluation.score(network, on: validation))
        #expect(summary.initialTrainAccuracy == train.accuracy && summary.initialValidationAccuracy == valid.accuracy)
        #expect(abs(summary.initialTrainLoss - train.loss) <= Tolerance.lossRelative * train.loss)
        #expect(abs(summary.initialValidationLoss - valid.loss) <= Tolerance.lossRelative * valid.loss)
        #expect(summary.chanceAccuracy == Double(validation.countsPerClass.max()!) / Double(validation.count))
        let start = [summary.initialTrainLoss, summary.initialTrainAccuracy, summary.initialValidationLoss,
                     summary.initialValidationAccuracy, 0, 0, 0, 0].map { String(format: "%.6f", $0) }
        #expect(row[0] == "0" && Array(row[2...9]) == start, "\(row)")
    }

    @Test(arguments: [ClassificationExperiment.Method.synrl, .gd, .lstsq])
    func rowZeroScoresTheInitialWeightsAndTheSummaryHoldsIt(method: ClassificationExperiment.Method) throws {
        let data = try SmallRuns.data()
        var configuration = SmallRuns.configuration(hidden: method == .lstsq ? [] : [6], iterations: 40, evaluateEvery: 20)
        configuration.method = method
        let output = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        let outcome = try ClassificationExperiment.run(configuration, data: data, output: output)
        let rows = try Self.rows(output)
        #expect(rows.dropFirst().map { $0[0] } == (method == .lstsq ? ["0", "1"] : ["0", "20", "40"]))
        try Self.checkStart(of: outcome.summary, row: rows[1], network: try Self.initialNetwork(configuration, data),
                            configuration: configuration, data: data)
        let written = try SynrlProcess.object(output, "summary.json")
        for key in ["initialTrainAccuracy", "initialValidationAccuracy", "initialTrainLoss", "initialValidationLoss", "chanceAccuracy"] {
            #expect(written[key] is Double, "summary.json lacks \(key)")
        }
    }

    @Test func eachStackedTrialStartsWithItsOwnRowZero() throws {
        let data = try SmallRuns.data()
        let configuration = SmallRuns.configuration(iterations: 30, evaluateEvery: 15, adaptive: false, trials: 2)
        let output = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        let outcome = try ClassificationExperiment.run(configuration, data: data, output: output)
        for trial in 0..<2 {
            let rows = try Self.rows(output.appendingPathComponent("trial-\(configuration.trialSeed(trial))"))
            #expect(rows.dropFirst().map { $0[0] } == ["0", "15", "30"])
            try Self.checkStart(of: outcome.summaries[trial], row: rows[1],
                                network: try Self.initialNetwork(configuration, data, trial: trial), configuration: configuration, data: data)
        }
    }

    /// Resumed, a run keeps the row 0 its checkpoint holds and writes no second one.
    @Test func aResumedRunHasOneRowZeroAndTheStartOfTheRunLeftAlone() throws {
        let data = try SmallRuns.data()
        let configuration = SmallRuns.configuration(iterations: 90, evaluateEvery: 30)
        let root = try PolicyFileTests.temporaryFolder()
        let alone = try ClassificationExperiment.run(configuration, data: data, output: root.appendingPathComponent("alone"))
        let stopped = root.appendingPathComponent("stopped")
        _ = try ClassificationExperiment.run(configuration, data: data, output: stopped, shouldStop: SmallRuns.stopper(at: 40))
        let checkpoint = try CheckpointFile.load(runFolder: stopped)
        let resumed = try ClassificationExperiment.run(checkpoint.configuration, data: data, output: stopped, resume: checkpoint)
        #expect(try Self.rows(stopped).dropFirst().map { $0[0] } == ["0", "30", "60", "90"])
        #expect(resumed.summary.initialValidationAccuracy == alone.summary.initialValidationAccuracy)
        #expect(resumed.summary.initialTrainLoss == alone.summary.initialTrainLoss)
    }

    /// A checkpoint without row 0 (from a build before it) is refused in one line, not resumed into a summary
    /// without its start.
    @Test func aCheckpointWithoutRowZeroIsRefused() throws {
        let data = try SmallRuns.data()
        let configuration = SmallRuns.configuration(iterations: 90, evaluateEvery: 30)
        let folder = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        _ = try ClassificationExperiment.run(configuration, data: data, output: folder, shouldStop: SmallRuns.stopper(at: 40))
        var checkpoint = try CheckpointFile.load(runFolder: folder)
        checkpoint.trials[0].metrics.removeFirst()
        #expect(throws: SynapticRLError.invalidData("the checkpoint holds no iteration-0 metrics row: it was written by an earlier "
                                                    + "build of SynapticRL \(RunRecord.engineVersion); finish the run with that build")) {
            try ClassificationExperiment.run(checkpoint.configuration, data: data, output: folder, resume: checkpoint)
        }
    }

    /// The 2-D task: row 0 holds the initial loss and accuracy, the summary holds them, and chance is the share of
    /// points.csv's points on the boundary's more common side.
    @Test func aBoundaryRunStartsWithRowZeroAndRecordsChance() throws {
        var configuration = BoundaryExperiment.Configuration()
        configuration.seed = 3
        configuration.iterations = 40
        configuration.shape.pointCount = 200
        configuration.shape.hiddenUnits = 6
        let output = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        let summary = try BoundaryExperiment.run(configuration, progressEvery: 20, output: output).summary
        let task = try BoundaryTask(seed: 3, shape: configuration.shape)
        let initialLoss = task.loss(of: try task.makeLearner(seed: 3, weightRange: configuration.learnerWeightRange))
        #expect(summary.initialLoss == initialLoss && summary.initialAccuracy == task.accuracyOfLastEvaluation())
        let rows = try Self.rows(output)
        #expect(rows.dropFirst().map { $0[0] } == ["0", "20", "40"])
        #expect(Array(rows[1][0...6]) == ["0", "\(summary.initialLoss)", "\(summary.initialAccuracy)", "0.0", "0.0", "0.0", "0.0"])
        let targets = try String(contentsOf: output.appendingPathComponent("points.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { Float($0.split(separator: ",")[2])! }
        let positive = targets.filter { $0 > 0 }.count
        #expect(summary.chanceAccuracy == Double(max(positive, 200 - positive)) / 200)
        #expect(try SynrlProcess.object(output, "summary.json")["chanceAccuracy"] is Double)
    }
}
