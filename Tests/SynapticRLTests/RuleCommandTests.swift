import Foundation
import Testing
@testable import SynapticRL
@testable import SynapticRLExperiments

/// --rule FILE on the command line, as a user runs it: the paper's rule as a file is the flags' run, a general
/// rule is recorded whole and its policy applies back, and the shorthand flags are refused beside it.
@Suite struct RuleCommandTests {
    static let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/rules")

    let small = ["--iterations", "300", "--points", "200", "--hidden", "8", "--quiet", "--progress-every", "100"]

    func boundary(_ extra: [String]) throws -> (SynrlProcess.Result, URL) {
        let out = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        return (try SynrlProcess.run(["boundary"] + small + ["--out", out.path] + extra), out)
    }

    /// Every metrics column but the clock.
    func metricsWithoutClock(_ folder: URL) throws -> String {
        CSVColumns.dropping(["elapsed_seconds"], from: try String(contentsOf: folder.appendingPathComponent("metrics.csv"), encoding: .utf8))
    }

    @Test func thePapersRuleAsAFileIsTheFlagsRun() throws {
        let (flags, flagsFolder) = try boundary([])
        let (file, fileFolder) = try boundary(["--rule", Self.rules.appendingPathComponent("paper.json").path])
        #expect(flags.status == 0 && file.status == 0, "\(file.errors)")
        #expect(try metricsWithoutClock(flagsFolder) == metricsWithoutClock(fileFolder))
        #expect(try Data(contentsOf: flagsFolder.appendingPathComponent("weights.bin"))
                    == Data(contentsOf: fileFolder.appendingPathComponent("weights.bin")))
        let recorded = try SynrlProcess.object(flagsFolder, "configuration.json")["configuration"] as? [String: Any]
        let rule = recorded?["rule"] as? [String: Any]
        #expect((rule?["state"] as? [String: Any])?["actionHistory"] as? Int == 2, "the flags' run records its rule too")
    }

    @Test func aGeneralRuleIsRecordedAndItsPolicyAppliesBack() throws {
        let ruleURL = Self.rules.appendingPathComponent("weight-sign.json")
        let (run, folder) = try boundary(["--rule", ruleURL.path])
        #expect(run.status == 0, "\(run.errors)")
        let configuration = try SynrlProcess.object(folder, "configuration.json")["configuration"] as? [String: Any]
        let state = (configuration?["rule"] as? [String: Any])?["state"] as? [String: Any]
        #expect(state?["weightSign"] as? Bool == true && state?["synapseKind"] as? Bool == true)
        let source = configuration?["ruleFile"] as? [String: Any]
        #expect(source?["sha256"] as? String == FileDigest.sha256Hex(of: try Data(contentsOf: ruleURL)))
        let policy = try RulePolicyFile.load(from: folder.appendingPathComponent("policy.json"))
        #expect(policy.table.space.stateCount == 4 * 81 && policy.table.values.contains { $0 != 0 })

        let (applied, appliedFolder) = try boundary(["--seed", "2", "--policy", folder.appendingPathComponent("policy.json").path])
        #expect(applied.status == 0, "\(applied.errors)")
        let appliedRule = (try SynrlProcess.object(appliedFolder, "configuration.json")["configuration"] as? [String: Any])?["rule"]
        #expect(((appliedRule as? [String: Any])?["learning"] as? [String: Any])?["kind"] as? String == "none",
                "a policy applied without --adaptive is frozen")
        let final = try RulePolicyFile.load(from: appliedFolder.appendingPathComponent("policy.json"))
        #expect(final.table == policy.table, "a static run's policy.json is the table it applied")
    }

    @Test func shorthandFlagsAreRefusedBesideARuleFile() throws {
        for flag in [["--epsilon", "0.1"], ["--history", "3"], ["--step", "0.01"]] {
            let (run, folder) = try boundary(["--rule", Self.rules.appendingPathComponent("paper.json").path] + flag)
            #expect(run.status != 0)
            #expect(run.errors.contains("\(flag[0]) is part of the rule"), "\(run.errors)")
            #expect(!FileManager.default.fileExists(atPath: folder.path), "nothing written")
        }
        let bad = try PolicyFileTests.temporaryFolder().appendingPathComponent("bad.json")
        try Data(#"{"format": "synaptic-rl-rule", "version": 1, "rule": {"actions": "seven"}}"#.utf8).write(to: bad)
        let (run, _) = try boundary(["--rule", bad.path])
        #expect(run.status != 0 && run.errors.contains("unknown action set \"seven\""), "\(run.errors)")
        #expect(run.errors.split(separator: "\n").filter { $0.hasPrefix("Error") }.count == 1)
    }

    /// A rule that reads the presynaptic activity trains on a classification task with a hidden layer, on either
    /// first-layer path, the same run on 1 and 2 threads; its policy file names each state's activity.
    @Test func aPresynapticRuleTrainsTheSameOnAnyThreadCount() throws {
        let data = try IDXTests.writeFixture(count: 120, rows: 5, columns: 7, classes: 3)
        var weights: [Data] = []
        for (path, threads) in [("incremental", "1"), ("incremental", "2"), ("dense", "2")] {
            let out = try PolicyFileTests.temporaryFolder().appendingPathComponent("train")
            let run = try SynrlProcess.run(["train", "--data", data.path, "--iterations", "80", "--batch-size", "40",
                                            "--hidden", "4", "--out", out.path, "--first-layer", path, "--threads", threads,
                                            "--rule", Self.rules.appendingPathComponent("presynaptic.json").path])
            #expect(run.status == 0, "\(run.errors)")
            weights.append(try Data(contentsOf: out.appendingPathComponent("weights.bin")))
            let policy = try String(contentsOf: out.appendingPathComponent("policy.json"), encoding: .utf8)
            #expect(policy.contains(#""active":true"#) && policy.contains(#""active":false"#))
        }
        #expect(weights[0] == weights[1], "1 and 2 threads")
        #expect(weights[1] == weights[2], "the first-layer paths agree: the activity is measured apart from them")
    }

    /// A five-level rule on a classification run keeps the incremental first layer (its moves are ±1 or ±2 steps)
    /// and says so; its files name the rule.
    @Test func fiveLevelMovesTakeTheIncrementalFirstLayer() throws {
        let data = try IDXTests.writeFixture(count: 120, rows: 5, columns: 7, classes: 3)
        let out = try PolicyFileTests.temporaryFolder().appendingPathComponent("train")
        let run = try SynrlProcess.run(["train", "--data", data.path, "--iterations", "60", "--batch-size", "40",
                                        "--hidden", "4", "--out", out.path, "--first-layer", "incremental", "--check-first-layer",
                                        "--rule", Self.rules.appendingPathComponent("five-level-adaptive-step.json").path])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors.contains("first layer: incremental (exact 8-bit × five-level"), "\(run.errors)")
        #expect(run.output.contains("first-layer check:"), "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("checkpoint.bin").path))
        let policy = try RulePolicyFile.load(from: out.appendingPathComponent("policy.json"))
        #expect(policy.rule.actions == .fiveLevel && policy.table.space.actionCount == 5)
        let record = try SynrlProcess.object(out, "configuration.json")
        #expect((record["rule"] as? [String: Any])?["actions"] as? String == "five-level")
        #expect(record["policy"] == nil, "a rule that starts from zeros records no policy")
        #expect((record["ruleFile"] as? [String: Any])?["name"] as? String == "five-level-adaptive-step")
    }

    /// A multiplicative rule takes the dense first layer where `auto` would take the incremental one, and says why;
    /// asked for the incremental one, the run is refused.
    @Test func multiplicativeMovesTakeTheDenseFirstLayer() throws {
        let data = try IDXTests.writeFixture(count: 120, rows: 5, columns: 7, classes: 3)
        let folder = try PolicyFileTests.temporaryFolder()
        let rule = folder.appendingPathComponent("multiplicative.json")
        try Data(#"{"format": "synaptic-rl-rule", "version": 1, "name": "multiplicative", "rule": {"actions": "multiplicative"}}"#.utf8)
            .write(to: rule)
        let run = try SynrlProcess.run(["train", "--data", data.path, "--iterations", "20", "--batch-size", "40",
                                        "--hidden", "4", "--out", folder.appendingPathComponent("train").path, "--rule", rule.path])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors.contains("first layer: dense (the rule's multiplicative moves"), "\(run.errors)")
        let refused = try SynrlProcess.run(["train", "--data", data.path, "--iterations", "20", "--batch-size", "40",
                                            "--hidden", "4", "--first-layer", "incremental", "--rule", rule.path])
        #expect(refused.status != 0 && refused.errors.contains("the incremental first layer counts moves that add multiples"))
    }
}
