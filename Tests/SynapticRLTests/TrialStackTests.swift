import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// `--trials K`: K networks evaluated together through one stacked first layer.
@Suite struct TrialStackTests {
    func configuration(trials: Int, path: FirstLayerPath) -> ClassificationExperiment.Configuration {
        var configuration = SmallRuns.configuration(iterations: 90, evaluateEvery: 45, adaptive: false, path: path, trials: trials)
        configuration.seed = 4
        return configuration
    }

    /// Trial 0 of a stack takes the very actions and rewards of the single run with its seed (weights and metrics
    /// identical, minibatch losses within 1e-7), on both first-layer paths; the stack writes one folder per trial.
    @Test(arguments: [FirstLayerPath.dense, .incremental])
    func eachTrialMatchesItsSingleRun(path: FirstLayerPath) throws {
        let data = try DataSource.load(path: try IDXTests.writeFixture(count: 120, rows: 5, columns: 7, classes: 3).path)
        let stackFolder = try PolicyFileTests.temporaryFolder().appendingPathComponent("stack")
        let stack = try ClassificationExperiment.run(configuration(trials: 3, path: path), data: data, output: stackFolder)
        #expect(stack.summaries.map(\.seed) == [4, 5, 6])
        for trial in 0..<3 {
            var single = configuration(trials: 1, path: path)
            single.seed = 4 + UInt64(trial)
            let singleFolder = try PolicyFileTests.temporaryFolder().appendingPathComponent("single")
            let alone = try ClassificationExperiment.run(single, data: data, output: singleFolder)
            // The split and minibatches are keyed by the stack's seed, the weights and actions by the trial's:
            // only trial 0 shares every key with its single run.
            guard trial == 0 else {
                #expect(stack.networks[trial] != alone.network)
                continue
            }
            #expect(stack.networks[0] == alone.network)
            let trialFolder = stackFolder.appendingPathComponent("trial-4")
            let stackMetrics = try String(contentsOf: trialFolder.appendingPathComponent("metrics.csv"), encoding: .utf8)
            let singleMetrics = try String(contentsOf: singleFolder.appendingPathComponent("metrics.csv"), encoding: .utf8)
            // The stacked GEMM tiles its rows differently from a single network's, so the losses may differ in
            // their last bits; the actions and rewards, hence weights and every other column, must not.
            func columns(_ csv: String, without dropped: Set<Substring>) -> [[Substring]] {
                let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
                let kept = rows[0].indices.filter { !dropped.contains(rows[0][$0]) }
                return rows.map { row in kept.map { row[$0] } }
            }
            #expect(columns(stackMetrics, without: ["elapsed_seconds", "minibatch_loss"])
                    == columns(singleMetrics, without: ["elapsed_seconds", "minibatch_loss"]))
            let losses = [stackMetrics, singleMetrics].map { csv in
                columns(csv, without: []).dropFirst().map { Double($0[1])! }
            }
            for (stacked, single) in zip(losses[0], losses[1]) { #expect(abs(stacked - single) <= 1e-7 * single) }
        }
        for seed in 4...6 {
            let files = try FileManager.default.contentsOfDirectory(atPath: stackFolder.appendingPathComponent("trial-\(seed)").path)
            #expect(Set(files) == ["metrics.csv", "visits.csv", "layers.csv", "policy.json", "weights.bin", "summary.json"])
        }
        #expect(FileManager.default.fileExists(atPath: stackFolder.appendingPathComponent("trials.json").path))
    }

    @Test func trialsNeedSynapticRL() throws {
        let data = try DataSource.load(path: try IDXTests.writeFixture(count: 60, rows: 3, columns: 3, classes: 3).path)
        var gd = configuration(trials: 2, path: .dense)
        gd.method = .gd
        #expect(throws: SynapticRLError.invalidParameter("trials stack synaptic-RL networks: use method synrl or random, or one trial")) {
            try ClassificationExperiment.run(gd, data: data)
        }
        #expect(throws: SynapticRLError.self) { try ClassificationExperiment.run(configuration(trials: 0, path: .dense), data: data) }
    }
}
