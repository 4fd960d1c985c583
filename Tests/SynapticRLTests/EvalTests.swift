import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// `synrl eval --run FOLDER`: the run's final weights scored on the run's own sets, re-derived from its
/// configuration.json, agree with its summary.json; a boundary run's folder is refused by name.
@Suite struct EvalTests {
    /// The summary's figures, as eval's scores must give them back (set name, images, accuracy, loss).
    static func expectAgreement(_ weights: RunFolderEvaluation.Weights, _ summary: ClassificationExperiment.Summary,
                                names: [String], images: [Int]) {
        #expect(weights.scores.map(\.set) == names && weights.scores.map(\.images) == images)
        let (train, validation) = (weights.scores[0].evaluation, weights.scores[1].evaluation)
        #expect(train.accuracy == summary.trainAccuracy && validation.accuracy == summary.validationAccuracy)
        #expect(abs(train.loss - summary.trainLoss) <= Tolerance.lossRelative * summary.trainLoss)
        #expect(abs(validation.loss - summary.validationLoss) <= Tolerance.lossRelative * summary.validationLoss)
    }

    @Test(arguments: [ClassificationExperiment.Method.synrl, .gd])
    func theRunsOwnHalvesScoreAsItsSummarySays(method: ClassificationExperiment.Method) throws {
        var configuration = SmallRuns.configuration(iterations: 40, evaluateEvery: 20)
        configuration.method = method
        let output = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        let outcome = try ClassificationExperiment.run(configuration, data: try SmallRuns.data(), output: output)
        let evaluation = try RunFolderEvaluation.score(runFolder: output)
        #expect(evaluation.weights.count == 1 && evaluation.weights[0].trialSeed == nil && evaluation.isRunData)
        Self.expectAgreement(evaluation.weights[0], outcome.summary, names: ["training half", "validation half"], images: [90, 30])
    }

    /// A --test-split run: the training images whole, and the data set's t10k pair.
    @Test func aTestSplitRunScoresItsTrainingSetAndTestSplit() throws {
        let folder = try IDXTests.writeFixture(count: 120, rows: 5, columns: 7, classes: 3)
        let test = try IDXTests.writeFixture(count: 45, rows: 5, columns: 7, classes: 3, seed: 9)
        for kind in ["images-idx3-ubyte", "labels-idx1-ubyte"] {
            try FileManager.default.moveItem(at: test.appendingPathComponent("train-\(kind)"), to: folder.appendingPathComponent("t10k-\(kind)"))
        }
        var configuration = SmallRuns.configuration(iterations: 40, evaluateEvery: 20)
        configuration.useTestSplit = true
        let output = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        let outcome = try ClassificationExperiment.run(configuration, data: try DataSource.load(path: folder.path), output: output)
        let evaluation = try RunFolderEvaluation.score(runFolder: output)
        Self.expectAgreement(evaluation.weights[0], outcome.summary, names: ["training set", "test split"], images: [120, 45])
    }

    /// A run of several trials scores each trial's weights; a trial's folder alone scores that trial.
    @Test func everyTrialOfAStackIsScoredAndATrialsFolderAlone() throws {
        let configuration = SmallRuns.configuration(iterations: 30, evaluateEvery: 15, adaptive: false, trials: 2)
        let output = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        let outcome = try ClassificationExperiment.run(configuration, data: try SmallRuns.data(), output: output)
        let evaluation = try RunFolderEvaluation.score(runFolder: output)
        #expect(evaluation.weights.map(\.trialSeed) == [1, 2])
        for (weights, summary) in zip(evaluation.weights, outcome.summaries) {
            Self.expectAgreement(weights, summary, names: ["training half", "validation half"], images: [90, 30])
        }
        let second = try RunFolderEvaluation.score(runFolder: output.appendingPathComponent("trial-2"))
        #expect(second.weights.map(\.trialSeed) == [2])
        Self.expectAgreement(second.weights[0], outcome.summaries[1], names: ["training half", "validation half"], images: [90, 30])
    }

    /// Data that changed under the recorded path is refused; given with --data it is scored, and the report says
    /// it is not the run's.
    @Test func dataThatIsNotTheRunsIsRefusedUnlessGivenAndThenNamed() throws {
        let folder = try IDXTests.writeFixture(count: 120, rows: 5, columns: 7, classes: 3)
        let output = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        _ = try ClassificationExperiment.run(SmallRuns.configuration(iterations: 20, evaluateEvery: 10),
                                             data: try DataSource.load(path: folder.path), output: output)
        let other = try IDXTests.writeFixture(count: 120, rows: 5, columns: 7, classes: 3, seed: 8)
        let given = try RunFolderEvaluation.score(runFolder: output, dataPath: other.path)
        #expect(!given.isRunData && given.lines[0].contains("its fingerprint differs"))
        for name in ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"] {
            try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            try FileManager.default.copyItem(at: other.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        #expect(throws: SynapticRLError.invalidData("\(folder.path) is not the data this run trained on (its fingerprint differs "
                                                    + "from configuration.json's): pass --data with the run's data")) {
            try RunFolderEvaluation.score(runFolder: output)
        }
    }

    /// The command: each line names its set, with the summary's figures; a boundary folder is refused in one line.
    @Test func theCommandNamesEachSetAndRefusesABoundaryRunInOneLine() throws {
        let data = try IDXTests.writeFixture(count: 120, rows: 5, columns: 7, classes: 3)
        let root = try PolicyFileTests.temporaryFolder()
        let train = root.appendingPathComponent("train")
        #expect(try SynrlProcess.run(["train", "--data", data.path, "--hidden", "6", "--iterations", "30", "--batch-size", "40",
                                      "--step", "0.002", "--out", train.path, "--quiet"]).status == 0)
        let summary = try SynrlProcess.object(train, "summary.json")
        let evaluated = try SynrlProcess.run(["eval", "--run", train.path])
        #expect(evaluated.status == 0, "\(evaluated.errors)")
        let lines = evaluated.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        for (line, (set, images, key)) in zip(lines.dropFirst(), [("training half", 90, "trainAccuracy"), ("validation half", 30, "validationAccuracy")]) {
            let accuracy = String(format: "accuracy %.2f%%", (summary[key] as! Double) * 100)
            #expect(line.hasPrefix("\(set) (\(images) images of ") && line.contains(accuracy), "\(line)")
        }
        let boundary = root.appendingPathComponent("boundary")
        #expect(try SynrlProcess.run(["boundary", "--iterations", "20", "--points", "50", "--hidden", "4", "--out", boundary.path,
                                      "--quiet"]).status == 0)
        let refused = try SynrlProcess.run(["eval", "--run", boundary.path])
        #expect(refused.status != 0 && refused.output.isEmpty)
        #expect(refused.errors == "Error: \(boundary.path) is a synrl boundary run folder (2-D task); eval scores synrl train runs\n")
    }
}
