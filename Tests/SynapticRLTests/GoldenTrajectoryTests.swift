import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// The golden trajectories: fixed-seed runs of the default rule, recorded once (scripts/record-golden.sh) and
/// held byte for byte: weights.bin, policy.json and every metrics column but the wall clock. They cover both
/// tasks, 0 and 16 hidden units on both first-layer paths, 1 and 2 threads, adaptive and static tables, and a
/// stacked --trials run. A refactor or speed-up reproduces them exactly; a change that must move them says why
/// in its commit and re-records them.
///
/// The fixtures were recorded with OpenBLAS's Haswell kernels (OPENBLAS_CORETYPE=Haswell, which `make test`
/// sets on every AVX2 machine): OpenBLAS picks its sgemm by CPU, and another kernel may round the last bit of
/// a loss differently, which can flip a reward and with it the whole trajectory.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == "Haswell" || ProcessInfo.processInfo.environment["SYNRL_RECORD_GOLDEN"] == "1",
                              "the fixtures hold with OpenBLAS's Haswell kernels: make test pins them on every AVX2 machine"))
struct GoldenTrajectoryTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let recording = ProcessInfo.processInfo.environment["SYNRL_RECORD_GOLDEN"] == "1"

    /// Columns the fixtures do not hold: the clock, and the pass counts, which follow from the iteration alone
    /// (`Configuration.trainingCost`, tested in `SampleCostTests`) and came after the fixtures were recorded.
    static let unheld: Set = ["elapsed_seconds", "forward_passes", "backward_passes", "forward_equivalents", "scoring_forward_passes"]

    /// One run's files as the fixtures keep them: metrics without the columns in `unheld`.
    static func comparable(_ run: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in ["weights.bin", "policy.json"] where FileManager.default.fileExists(atPath: run.appendingPathComponent(name).path) {
            files[name] = try Data(contentsOf: run.appendingPathComponent(name))
        }
        let metrics = try String(contentsOf: run.appendingPathComponent("metrics.csv"), encoding: .utf8)
        files["metrics.csv"] = Data(CSVColumns.dropping(unheld, from: metrics).utf8)
        return files
    }

    /// Compares `files` with the fixture `name` (or records them).
    static func hold(_ files: [String: Data], as name: String) throws {
        let fixture = folder.appendingPathComponent(name)
        if recording {
            try FileManager.default.createDirectory(at: fixture, withIntermediateDirectories: true)
            for (file, data) in files { try data.write(to: fixture.appendingPathComponent(file)) }
            return
        }
        let recorded = try FileManager.default.contentsOfDirectory(atPath: fixture.path).sorted()
        #expect(recorded == files.keys.sorted(), "\(name): the files differ")
        for (file, data) in files {
            let golden = try Data(contentsOf: fixture.appendingPathComponent(file))
            #expect(data == golden, "\(name)/\(file) moved from its golden trajectory")
        }
    }

    /// 400 IDX images of 6 × 6 pixels in 4 classes: small enough for a test, big enough for 128-image minibatches.
    /// In a folder of a fixed name, as the data set's name (its folder's) goes into an adaptive run's policy file.
    static func data() throws -> DataSource.Loaded {
        let written = try IDXTests.writeFixture(count: 400, rows: 6, columns: 6, classes: 4, seed: 5)
        let named = written.appendingPathComponent("golden-data")
        try FileManager.default.createDirectory(at: named, withIntermediateDirectories: false)
        for file in ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"] {
            try FileManager.default.moveItem(at: written.appendingPathComponent(file), to: named.appendingPathComponent(file))
        }
        return try DataSource.load(path: named.path)
    }

    static func configuration(hidden: [Int], path: FirstLayerPath, threads: Int, adaptive: Bool = false, trials: Int = 1)
        -> ClassificationExperiment.Configuration {
        var configuration = ClassificationExperiment.Configuration()
        configuration.hiddenUnits = hidden
        configuration.iterations = 400
        configuration.seed = 3
        configuration.batchSize = 128
        configuration.resampleEvery = 100
        configuration.evaluateEvery = 100
        configuration.settings.step = 2e-3
        configuration.settings.adaptive = adaptive
        configuration.settings.threads = threads
        configuration.firstLayer = path
        configuration.trials = trials
        if !hidden.isEmpty { configuration.schedule = StepSchedule(changes: [.init(iteration: 250, factor: 0.5)]) }
        return configuration
    }

    struct TrainCase: CustomStringConvertible, Sendable {
        let hidden: [Int]
        let path: FirstLayerPath
        let adaptive: Bool
        var name: String { "train-\(hidden.first ?? 0)hu-\(path.rawValue)\(adaptive ? "-adaptive" : "")" }
        var description: String { name }
    }

    static let trainCases = [
        TrainCase(hidden: [], path: .dense, adaptive: false), TrainCase(hidden: [], path: .incremental, adaptive: false),
        TrainCase(hidden: [16], path: .dense, adaptive: false), TrainCase(hidden: [16], path: .incremental, adaptive: false),
        TrainCase(hidden: [16], path: .incremental, adaptive: true),
    ]

    @Test(arguments: trainCases)
    func classificationRunsHoldTheirTrajectoryOnOneAndTwoThreads(run: TrainCase) throws {
        let data = try Self.data()
        for threads in (Self.recording ? [1] : [1, 2]) {
            let output = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
            _ = try ClassificationExperiment.run(Self.configuration(hidden: run.hidden, path: run.path, threads: threads,
                                                                    adaptive: run.adaptive), data: data, output: output)
            try Self.hold(Self.comparable(output), as: run.name)
        }
    }

    @Test func stackedTrialsHoldTheirTrajectories() throws {
        let output = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        _ = try ClassificationExperiment.run(Self.configuration(hidden: [16], path: .dense, threads: 2, trials: 3),
                                             data: try Self.data(), output: output)
        for seed in 3...5 {
            try Self.hold(Self.comparable(output.appendingPathComponent("trial-\(seed)")), as: "train-16hu-dense-trials/trial-\(seed)")
        }
    }

    /// The 2-D task: learned from zeros (adaptive, the policy it exports), and the authors' table applied.
    @Test(arguments: ["adaptive", "static"])
    func boundaryRunsHoldTheirTrajectory(mode: String) throws {
        for threads in (Self.recording ? [1] : [1, 2]) {
            var configuration = BoundaryExperiment.Configuration()
            configuration.seed = mode == "adaptive" ? 1 : 2
            configuration.iterations = 1500
            configuration.settings.threads = threads
            if mode == "static" {
                configuration.initialTable = try PolicyFile.authorsGolden().table
                configuration.settings.adaptive = false
            }
            let output = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
            let outcome = try BoundaryExperiment.run(configuration, progressEvery: 250, output: output)
            try PolicyFile(name: "golden", description: "", table: QTable(historyLength: 2, values: outcome.exportedTable.values)).save(to: output.appendingPathComponent("policy.json"))
            try Self.hold(Self.comparable(output), as: "boundary-\(mode)")
        }
    }
}
