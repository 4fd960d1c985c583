import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// Run folders that belong to one run, flags and checkpoints held to one validation, and numbers that cannot
/// escape as NaN or infinity. The two-process cases (a second writer, a stale resume, closed streams) are in
/// scripts/hostile-check.sh, which `make test` runs.
@Suite(.serialized) struct HostileRunTests {
    // MARK: Run folders

    @Test func aFolderHoldingARunIsRefusedAndOverwriteRemovesOnlySynrlsFiles() throws {
        let folder = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        try RunFolder.claimNew(folder, overwrite: false)
        for name in ["configuration.json", "metrics.csv", "checkpoint.bin", "notes.txt"] {
            try Data("x".utf8).write(to: folder.appendingPathComponent(name))
        }
        let trial = folder.appendingPathComponent("trial-4")
        try FileManager.default.createDirectory(at: trial, withIntermediateDirectories: false)
        try Data("x".utf8).write(to: trial.appendingPathComponent("metrics.csv"))
        try Data("x".utf8).write(to: folder.appendingPathComponent(".weights.bin.k3j2.tmp"))
        #expect(throws: SynapticRLError.io("\(folder.path) already holds a run (or other files): choose another --out, continue an "
            + "interrupted run with synrl resume \(folder.path), or pass --overwrite to replace it")) {
            try RunFolder.claimNew(folder, overwrite: false)
        }
        #expect(try HostileOutputTests.names(in: folder).count == 6)
        try RunFolder.claimNew(folder, overwrite: true)
        #expect(try HostileOutputTests.names(in: folder) == ["notes.txt"])
    }

    @Test func aFileWhereTheFolderShouldBeAndAnEmptyPathAreRefused() throws {
        let file = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        try Data("x".utf8).write(to: file)
        #expect(throws: SynapticRLError.io("cannot create folder \(file.path): it exists and is not a folder")) {
            try RunFolder.claimNew(file, overwrite: true)
        }
        #expect(throws: SynapticRLError.self) { try RunFolder.claimExisting(file) }
    }

    @Test func aFolderThisProcessCreatedButNeverWroteIsDiscarded() throws {
        let root = try PolicyFileTests.temporaryFolder()
        let unused = root.appendingPathComponent("unused")
        let used = root.appendingPathComponent("used")
        try RunFolder.claimNew(unused, overwrite: false)
        try RunFolder.claimNew(used, overwrite: false)
        try Data("x".utf8).write(to: used.appendingPathComponent("configuration.json"))
        RunFolder.discardUnused()
        #expect(try HostileOutputTests.names(in: root) == ["used"])
    }

    // MARK: Flags and configurations

    @Test func hiddenSizesMeanWhatWasWritten() throws {
        #expect(try ClassificationExperiment.Configuration.hiddenUnits(parsing: "0") == [])
        #expect(try ClassificationExperiment.Configuration.hiddenUnits(parsing: "64, 32") == [64, 32])
        for text in ["0,0", "5,,5", "5,0", "", ",", "5,", "-1", "x"] {
            #expect(throws: SynapticRLError.self, "\(text)") { try ClassificationExperiment.Configuration.hiddenUnits(parsing: text) }
        }
    }

    @Test func everyConfigurationValueIsCheckedBeforeARun() throws {
        var configurations: [ClassificationExperiment.Configuration] = []
        func variant(_ change: (inout ClassificationExperiment.Configuration) -> Void) {
            var configuration = ClassificationExperiment.Configuration()
            change(&configuration)
            configurations.append(configuration)
        }
        variant { $0.seed = .max; $0.trials = 2 }
        variant { $0.trials = ClassificationExperiment.Configuration.maximumTrials + 1 }
        variant { $0.ridge = .infinity }
        variant { $0.ridge = 0 }
        variant { $0.learningRate = .nan }
        variant { $0.learningRate = -1 }
        variant { $0.schedule = StepSchedule(changes: [.init(iteration: 5, factor: -1)]) }
        variant { $0.schedule = StepSchedule(changes: [.init(iteration: 0, factor: 0.5)]) }
        variant { $0.settings.threads = 5000 }
        variant { $0.iterations = 0 }
        variant { $0.hiddenUnits = [0] }
        variant { $0.method = .lstsq; $0.hiddenUnits = [4] }
        variant { $0.validationFraction = 1 }
        for configuration in configurations {
            #expect(throws: SynapticRLError.self) { try configuration.validate() }
        }
        var fine = ClassificationExperiment.Configuration()
        fine.seed = .max - 1
        fine.trials = 2
        try fine.validate()
        #expect(fine.trialSeed(1) == .max)
    }

    @Test func reproductionSeedsDoNotWrap() throws {
        var base = ClassificationExperiment.Configuration()
        base.seed = .max
        #expect(throws: SynapticRLError.self) { try TableOneReproduction.configurations(trials: 2, scale: 1, base: base) }
        let single = try TableOneReproduction.configurations(trials: 1, scale: 1, base: base)
        #expect(single.allSatisfy { $0.configuration.seed == .max })
    }

    // MARK: Checkpoints

    /// A checkpoint whose step schedule has factor −1, with its CRC correct: refused by the validation flags get.
    @Test func aCheckpointIsHeldToTheSameValidationAsFlags() throws {
        let folder = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        var configuration = SmallRuns.configuration(iterations: 60, evaluateEvery: 20)
        configuration.checkpointEvery = 20
        _ = try ClassificationExperiment.run(configuration, data: try SmallRuns.data(), output: folder,
                                             shouldStop: SmallRuns.stopper(at: 30))
        var checkpoint = try CheckpointFile.load(runFolder: folder)
        checkpoint.configuration.schedule = StepSchedule(changes: [.init(iteration: 40, factor: -1)])
        let damaged = try CheckpointFile.encode(checkpoint)
        #expect(throws: SynapticRLError.invalidData("c: step schedule entry 40:-1.0 needs an iteration ≥ 1 and a positive finite factor")) {
            try CheckpointFile.decode(damaged, what: "c")
        }
    }

    /// More trials than the old reader's cap of 1024: the checkpoint written is the checkpoint read.
    @Test func aRunOfManyTrialsResumes() throws {
        let folder = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        var configuration = SmallRuns.configuration(hidden: [], iterations: 4, evaluateEvery: 4, trials: 1025)
        configuration.checkpointEvery = 2
        let data = try SmallRuns.data()
        _ = try ClassificationExperiment.run(configuration, data: data, output: folder, shouldStop: SmallRuns.stopper(at: 2))
        let checkpoint = try CheckpointFile.load(runFolder: folder)
        #expect(checkpoint.trials.count == 1025 && checkpoint.iteration == 2)
        let resumed = try ClassificationExperiment.run(checkpoint.configuration, data: data, output: folder, resume: checkpoint)
        #expect(resumed.summaries.count == 1025 && resumed.summaries.allSatisfy { $0.iterations == 4 && !$0.interrupted })
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(Checkpoint.fileName).path))
    }

    /// zlib takes 32-bit lengths: a checkpoint over 4 GiB (65,536 trials) trapped. The CRC now goes piece by piece,
    /// which must give the CRC of the whole; checked here with small pieces straddling their boundaries.
    @Test func theChecksumOfManyPiecesIsTheChecksumOfTheWhole() {
        var data = TestData(seed: 91)
        let bytes = (0..<10_007).map { _ in UInt8(data.int(below: 256)) }
        let whole = Checksum.crc32(bytes)
        for piece in [1, 2, 7, 4096, 10_006, 10_007, 1 << 30] { #expect(Checksum.crc32(bytes, piece: piece) == whole) }
        #expect(Checksum.crc32(Array("123456789".utf8), piece: 4) == 0xCBF4_3926)  // CRC-32's standard check value
        #expect(Checksum.crc32([]) == 0)
    }

    // MARK: Numbers

    /// A table near ±Float64.max: adaptive learning overflows it, and the run stops naming the table, without
    /// writing a policy file no reader could load.
    static func extremeTable() throws -> QTable {
        try QTable(historyLength: 2, values: (0..<243).map { $0 % 2 == 0 ? Double.greatestFiniteMagnitude : -Double.greatestFiniteMagnitude })
    }

    @Test func anOverflowingTableStopsABoundaryRunInOneLine() throws {
        var configuration = BoundaryExperiment.Configuration()
        configuration.iterations = 50
        configuration.shape.pointCount = 50
        configuration.shape.hiddenUnits = 5
        configuration.initialTable = try Self.extremeTable()
        let folder = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        do {
            _ = try BoundaryExperiment.run(configuration, progressEvery: 10, output: folder)
            Issue.record("the run went on with a non-finite table")
        } catch SynapticRLError.numerical(let message) {
            #expect(message.hasPrefix("the Q-table became ") && message.hasSuffix("by iteration 10"))
        }
        // The start's rows, written before the table could overflow (visits.csv: its header alone).
        #expect(try HostileOutputTests.names(in: folder) == ["configuration.json", "layers.csv", "metrics.csv", "visits.csv"])
        #expect(try Self.metricsRows(folder) == ["0"])
    }

    /// The iteration column of a run folder's metrics.csv.
    static func metricsRows(_ folder: URL) throws -> [String] {
        try String(contentsOf: folder.appendingPathComponent("metrics.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) }
    }

    /// The table is checked before each checkpoint as well as at each evaluation: no checkpoint that resume could
    /// not read back is written, and no policy or summary.
    @Test func anOverflowingTableStopsAClassificationRunBeforeItsCheckpointAndPolicy() throws {
        let folder = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        var configuration = SmallRuns.configuration(iterations: 100, evaluateEvery: 25)
        configuration.checkpointEvery = 10
        configuration.table = try Self.extremeTable()
        do {
            _ = try ClassificationExperiment.run(configuration, data: try SmallRuns.data(), output: folder)
            Issue.record("the run went on with a non-finite table")
        } catch SynapticRLError.numerical(let message) {
            #expect(message.hasPrefix("the Q-table became ") && message.hasSuffix("by iteration 10"))
        }
        let files = try HostileOutputTests.names(in: folder)
        #expect(files == ["configuration.json", "layers.csv", "metrics.csv", "visits.csv"])
        #expect(try Self.metricsRows(folder) == ["0"])
    }

    @Test func aPolicyWithANonFiniteValueIsNeverWritten() throws {
        var table = QTable(historyLength: 2)
        table.values[7] = .nan
        let target = try PolicyFileTests.temporaryFolder().appendingPathComponent("policy.json")
        #expect(throws: SynapticRLError.numerical("cannot write \(target.path): the Q-table holds a non-finite value")) {
            try PolicyFile(name: "bad", description: "", table: table).save(to: target)
        }
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }

    /// Weights so large that the logits overflow: scoring says so instead of reporting a NaN loss.
    @Test func anOverflowingEvaluationIsANumericalError() throws {
        let data = try SmallRuns.data()
        var network = try Network(sizes: [35, 3], activations: [.identity])
        network.weights = [Float](repeating: 3e38, count: network.synapseCount)
        #expect(throws: SynapticRLError.self) { try Evaluation.score(network, on: data.train) }
    }
}
