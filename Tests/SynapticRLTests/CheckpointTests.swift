import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// Checkpoint and resume: a run stopped or killed at any moment and resumed ends bit-identical to the run left
/// alone (weights, Q-table, metrics but their wall-clock column, summary but its timings).
@Suite(.serialized) struct CheckpointTests {
    static let arguments = ["--hidden", "6", "--iterations", "300", "--batch-size", "40", "--resample-every", "30",
                            "--eval-every", "50", "--checkpoint-every", "40", "--step", "0.002", "--seed", "4", "--quiet"]

    /// The synrl binary the test build made beside the test bundle.
    static func binary() throws -> URL {
        let url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("synrl")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw SynapticRLError.io("no synrl binary at \(url.path): build the package first")
        }
        return url
    }

    /// Runs synrl; returns its termination status and whether a signal ended it.
    @discardableResult
    static func synrl(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, signalled: Bool) {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }

    /// The files of a finished run that must match, timings taken out.
    static func comparable(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in ["weights.bin", "policy.json", "visits.csv", "layers.csv"] {  // the last two: no clock column
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        let metrics = try String(contentsOf: folder.appendingPathComponent("metrics.csv"), encoding: .utf8)
        files["metrics.csv"] = Data(CSVColumns.dropping(["elapsed_seconds"], from: metrics).utf8)
        var summary = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("summary.json"))) as! [String: Any]
        summary["seconds"] = nil
        summary["iterationsPerSecond"] = nil
        files["summary.json"] = try JSONSerialization.data(withJSONObject: summary, options: .sortedKeys)
        return files
    }

    @Test(arguments: [["--adaptive"], ["--first-layer", "dense", "--trials", "2"]])
    func killedAnywhereAndResumedEndsAsTheRunLeftAlone(extra: [String]) throws {
        let data = try IDXTests.writeFixture(count: 120, rows: 5, columns: 7, classes: 3)
        let root = try PolicyFileTests.temporaryFolder()
        let common = ["train", "--data", data.path] + Self.arguments + extra
        func folders(_ run: URL) -> [URL] {
            extra.contains("--trials") ? ["trial-4", "trial-5"].map { run.appendingPathComponent($0) } : [run]
        }
        let alone = root.appendingPathComponent("alone")
        #expect(try Self.synrl(common + ["--out", alone.path]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: alone.appendingPathComponent(Checkpoint.fileName).path))
        let faults = [("SYNRL_KILL_AT_ITERATION", "137"), ("SYNRL_KILL_IN_CHECKPOINT_AT", "120"), ("SYNRL_KILL_AT_ITERATION", "1")]
        for (index, (fault, iteration)) in faults.enumerated() {
            let run = root.appendingPathComponent("killed-\(index)")
            let killed = try Self.synrl(common + ["--out", run.path], environment: [fault: iteration])
            #expect(killed.signalled && killed.status == SIGKILL, "\(fault)=\(iteration) did not kill the run")
            if iteration == "1" {
                // Killed before its first checkpoint: nothing to resume, and resume says so in one line.
                #expect(try Self.synrl(["resume", run.path, "--quiet"]).status != 0)
                continue
            }
            #expect(try Self.synrl(["resume", run.path, "--quiet"]).status == 0)
            for (resumed, reference) in zip(folders(run), folders(alone)) {
                #expect(try Self.comparable(resumed) == Self.comparable(reference), "\(fault)=\(iteration): \(resumed.lastPathComponent) differs")
            }
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: run.path).filter { $0.hasSuffix(".tmp") }
            #expect(leftovers.isEmpty, "\(leftovers)")
        }
    }

    /// A stop request (SIGINT/SIGTERM in the CLI) writes a checkpoint; resuming it ends as the run left alone.
    @Test(arguments: [FirstLayerPath.incremental, .dense])
    func stoppedAndResumedEndsAsTheRunLeftAlone(path: FirstLayerPath) throws {
        let data = try SmallRuns.data()
        let configuration = SmallRuns.configuration(path: path)
        let root = try PolicyFileTests.temporaryFolder()
        let alone = try ClassificationExperiment.run(configuration, data: data, output: root.appendingPathComponent("alone"))
        let stopped = root.appendingPathComponent("stopped")
        let interrupted = try ClassificationExperiment.run(configuration, data: data, output: stopped,
                                                           shouldStop: SmallRuns.stopper(at: 77))
        #expect(interrupted.summary.interrupted && interrupted.summary.iterations == 77)
        let checkpoint = try CheckpointFile.load(from: stopped.appendingPathComponent(Checkpoint.fileName))
        #expect(checkpoint.iteration == 77)
        let resumed = try ClassificationExperiment.run(checkpoint.configuration, data: data, output: stopped, resume: checkpoint)
        #expect(resumed.network == alone.network)
        #expect(try Self.comparable(stopped) == Self.comparable(root.appendingPathComponent("alone")))
    }

    /// Any rule: a run stopped at 77 and resumed ends as the run left alone, and its checkpoint holds the whole
    /// rule (the five-level rule takes the dense first layer; Boltzmann + SARSA stops with an update pending).
    @Test(arguments: ["boltzmann-sarsa", "five-level-adaptive", "weight-sign", "paper-adaptive-step", "presynaptic"])
    func aGeneralRuleStoppedAndResumedEndsAsTheRunLeftAlone(name: String) throws {
        let data = try SmallRuns.data()
        var configuration = SmallRuns.configuration(trials: name == "weight-sign" ? 2 : 1)
        configuration.rule = RuleEngineTests.restoredRules[name]!
        configuration.checkpointEvery = 40
        let root = try PolicyFileTests.temporaryFolder()
        let alone = try ClassificationExperiment.run(configuration, data: data, output: root.appendingPathComponent("alone"))
        let stopped = root.appendingPathComponent("stopped")
        _ = try ClassificationExperiment.run(configuration, data: data, output: stopped, shouldStop: SmallRuns.stopper(at: 77))
        let url = stopped.appendingPathComponent(Checkpoint.fileName)
        let bytes = try Data(contentsOf: url)
        let checkpoint = try CheckpointFile.decode(bytes, what: "c")
        #expect(try CheckpointFile.encode(checkpoint) == bytes, "the checkpoint round-trips")
        #expect(checkpoint.iteration == 77 && checkpoint.configuration.effectiveRule == configuration.rule)
        #expect(checkpoint.trials.allSatisfy { ($0.general == nil) == configuration.rule!.isPaperRule })
        let resumed = try ClassificationExperiment.run(checkpoint.configuration, data: data, output: stopped, resume: checkpoint)
        #expect(resumed.networks == alone.networks)
        let folders = configuration.trials > 1 ? ["trial-1", "trial-2"] : [""]
        for folder in folders {
            #expect(try Self.comparable(stopped.appendingPathComponent(folder))
                    == Self.comparable(root.appendingPathComponent("alone").appendingPathComponent(folder)), "\(name) \(folder)")
        }
    }

    /// A version-1 checkpoint still loads and resumes: written by the engine before checkpoints held general rules
    /// (commit 3162d1e: `synrl train --data Fixtures/checkpoint-v1/data --hidden 6 --iterations 300 --batch-size 40
    /// --resample-every 30 --eval-every 50 --checkpoint-every 40 --step 0.002 --seed 4 --adaptive`, killed after
    /// iteration 137, so it holds iteration 120), it ends with the weights.bin that engine wrote for the run left
    /// alone, and as the run left alone does here.
    @Test func aVersionOneCheckpointStillResumes() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/checkpoint-v1")
        let bytes = try Data(contentsOf: fixtures.appendingPathComponent("checkpoint.bin"))
        #expect(bytes[8] == 1, "the fixture is of version 1")
        let checkpoint = try CheckpointFile.decode(bytes, what: "v1")
        #expect(checkpoint.iteration == 120 && checkpoint.trials.allSatisfy { $0.general == nil })
        let data = try DataSource.load(path: fixtures.appendingPathComponent("data").path)
        let root = try PolicyFileTests.temporaryFolder()
        var configuration = checkpoint.configuration
        configuration.checkpointEvery = 0
        _ = try ClassificationExperiment.run(configuration, data: data, output: root.appendingPathComponent("alone"))
        let resumed = root.appendingPathComponent("resumed")
        try FileManager.default.createDirectory(at: resumed, withIntermediateDirectories: false)  // as the killed run left it
        _ = try ClassificationExperiment.run(checkpoint.configuration, data: data, output: resumed, resume: checkpoint)
        var (resumedFiles, aloneFiles) = (try Self.comparable(resumed), try Self.comparable(root.appendingPathComponent("alone")))
        for name in ["visits.csv", "layers.csv"] {
            // The old engine wrote no introspection files, so the resumed run's hold the reports after 120 only.
            func lines(_ data: Data?) -> [Substring] { String(decoding: data ?? Data(), as: UTF8.self).split(separator: "\n") }
            let later = lines(aloneFiles[name]).enumerated().filter { $0.offset == 0 || Int($0.element.prefix { $0 != "," })! > 120 }
            #expect(lines(resumedFiles[name]) == later.map(\.element), "\(name)")
            (resumedFiles[name], aloneFiles[name]) = (nil, nil)
        }
        #expect(resumedFiles == aloneFiles)
        #expect(try Data(contentsOf: resumed.appendingPathComponent("weights.bin"))
                == Data(contentsOf: fixtures.appendingPathComponent("weights.bin")), "the old engine's final weights")
        #expect(try CheckpointFile.encode(checkpoint)[8] == 2, "written again, it is of version 2")
    }

    /// `synrl train --rule FILE --checkpoint-every` killed (after an iteration, or half-way through writing its
    /// checkpoint) and `synrl resume`d ends as the run left alone, for rules that are not the paper's.
    @Test(arguments: ["boltzmann-sarsa.json", "five-level-adaptive-step.json"])
    func aGeneralRuleKilledAndResumedByTheCommandEndsAsTheRunLeftAlone(file: String) throws {
        let data = try IDXTests.writeFixture(count: 120, rows: 5, columns: 7, classes: 3)
        let root = try PolicyFileTests.temporaryFolder()
        let common = ["train", "--data", data.path, "--hidden", "6", "--iterations", "300", "--batch-size", "40",
                      "--resample-every", "30", "--eval-every", "50", "--checkpoint-every", "40", "--seed", "4", "--quiet",
                      "--rule", RuleCommandTests.rules.appendingPathComponent(file).path]
        let alone = root.appendingPathComponent("alone")
        #expect(try Self.synrl(common + ["--out", alone.path]).status == 0)
        for (index, (fault, iteration)) in [("SYNRL_KILL_AT_ITERATION", "137"), ("SYNRL_KILL_IN_CHECKPOINT_AT", "120")].enumerated() {
            let run = root.appendingPathComponent("killed-\(index)")
            let killed = try Self.synrl(common + ["--out", run.path], environment: [fault: iteration])
            #expect(killed.signalled && killed.status == SIGKILL, "\(fault)=\(iteration) did not kill the run")
            #expect(try Self.synrl(["resume", run.path, "--quiet"]).status == 0)
            #expect(try Self.comparable(run) == Self.comparable(alone), "\(file), \(fault)=\(iteration)")
            #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent(Checkpoint.fileName).path))
        }
    }

    /// The whole state, exact to the bit (losses, the first layer's base and counts, weights, histories, tables):
    /// stopped at 150 directly, or stopped at 77, resumed, and stopped at 150.
    @Test(arguments: [FirstLayerPath.incremental, .dense])
    func resumedStateIsBitIdentical(path: FirstLayerPath) throws {
        let data = try SmallRuns.data()
        let configuration = SmallRuns.configuration(resampleEvery: 100, path: path, trials: 2)
        let root = try PolicyFileTests.temporaryFolder()
        let direct = root.appendingPathComponent("direct"), twice = root.appendingPathComponent("twice")
        _ = try ClassificationExperiment.run(configuration, data: data, output: direct, shouldStop: SmallRuns.stopper(at: 150))
        _ = try ClassificationExperiment.run(configuration, data: data, output: twice, shouldStop: SmallRuns.stopper(at: 77))
        let middle = try CheckpointFile.load(from: twice.appendingPathComponent(Checkpoint.fileName))
        _ = try ClassificationExperiment.run(middle.configuration, data: data, output: twice, shouldStop: SmallRuns.stopper(at: 150 - 77),
                                             resume: middle)
        let (a, b) = (try CheckpointFile.load(from: direct.appendingPathComponent(Checkpoint.fileName)),
                      try CheckpointFile.load(from: twice.appendingPathComponent(Checkpoint.fileName)))
        #expect(a.iteration == 150 && b.iteration == 150)
        #expect(a.trials.map(\.loss.bitPattern) == b.trials.map(\.loss.bitPattern))
        #expect(a.trials.map(\.network) == b.trials.map(\.network))
        #expect(a.trials.map(\.state) == b.trials.map(\.state))
        #expect(a.trials.map(\.table) == b.trials.map(\.table) && a.trials.map(\.average.sums) == b.trials.map(\.average.sums))
        #expect(a.firstLayer.base == b.firstLayer.base && a.firstLayer.counts == b.firstLayer.counts)
        #expect(a.firstLayer.countedStep == b.firstLayer.countedStep && a.firstLayer.iterationsSinceBase == b.firstLayer.iterationsSinceBase)
        #expect(a.trials.map(\.tally) == b.trials.map(\.tally))
        #expect(a.trials.map { $0.metrics.map(\.minibatchLoss) } == b.trials.map { $0.metrics.map(\.minibatchLoss) })
    }

    /// A loss that overflows stops the run with one line naming the iteration and the checkpoint kept.
    @Test func aNonFiniteLossStopsTheRunAndKeepsTheCheckpoint() throws {
        let data = try DataSource.load(path: try IDXTests.writeFixture(count: 60, rows: 3, columns: 4, classes: 3).path)
        var configuration = ClassificationExperiment.Configuration()
        configuration.iterations = 1000
        configuration.batchSize = 20
        configuration.checkpointEvery = 1
        configuration.settings.epsilon = 1  // every weight moves every iteration
        configuration.settings.step = 3e37  // until, some iterations on, the logits overflow
        let folder = try PolicyFileTests.temporaryFolder()
        do {
            _ = try ClassificationExperiment.run(configuration, data: data, output: folder)
            Issue.record("the run did not stop")
        } catch SynapticRLError.numerical(let message) {
            #expect(message.contains("the loss became") && message.contains("checkpoint after iteration"), "\(message)")
            #expect(!message.contains("\n"))
        }
        let checkpoint = try CheckpointFile.load(from: folder.appendingPathComponent(Checkpoint.fileName))
        #expect(checkpoint.trials.allSatisfy { $0.loss.isFinite })
    }

    @Test func checkpointRoundTripsExactly() throws {
        let data = try SmallRuns.data()
        var configuration = SmallRuns.configuration(hidden: [4], iterations: 50)
        configuration.table = try PolicyFile.authorsGolden().table
        let folder = try PolicyFileTests.temporaryFolder()
        _ = try ClassificationExperiment.run(configuration, data: data, output: folder, shouldStop: { true })
        let url = folder.appendingPathComponent(Checkpoint.fileName)
        let bytes = try Data(contentsOf: url)
        let checkpoint = try CheckpointFile.decode(bytes, what: "c")
        #expect(try CheckpointFile.encode(checkpoint) == bytes)
        #expect(checkpoint.configuration.table == configuration.table)
    }
}
