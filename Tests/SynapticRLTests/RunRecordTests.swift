import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// configuration.json: the policy a run applied (name, path, SHA-256 of the file), and only the settings that
/// applied to the run (a static run has no Q-learning settings, gd no rule, synrl no learning rate).
@Suite struct RunRecordTests {
    /// FIPS 180-4's examples, and sha256sum's digests of "a" repeated across the padding edges (55 bytes fit one
    /// block with the length, 56 need two) and a million times.
    @Test func sha256MatchesTheStandardsVectors() {
        let texts = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ]
        for (text, digest) in texts { #expect(FileDigest.sha256Hex(of: Data(text.utf8)) == digest, "\(text)") }
        let repeated = [
            (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
            (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
            (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
            (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
            (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
            (1_000_000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
        ]
        for (count, digest) in repeated {
            #expect(FileDigest.sha256Hex(of: Data(repeating: UInt8(ascii: "a"), count: count)) == digest, "\(count) × a")
        }
    }

    /// The bundled table: its name, "built-in", and sha256sum's digest of Resources/authors-golden-policy.json.
    @Test func theBuiltInTableIsRecordedWithTheDigestOfItsResource() throws {
        let (policy, source) = try PolicySource.authorsGolden()
        #expect(source == PolicySource(name: "authors-golden-2d", path: PolicySource.builtInPath,
                                       sha256: "c1db4db106f55178852c23678e8366f784b7653bd3821dd56c2485d1e4957b50"))
        #expect(policy.table == (try PolicyFile.authorsGolden().table))
    }

    /// A policy file of the authors' table under another name, and what a run must record for it.
    static func policyFile() throws -> (url: URL, recorded: [String: String]) {
        let url = try PolicyFileTests.temporaryFolder().appendingPathComponent("table.json")
        try PolicyFile(name: "test-table", description: "", table: try PolicyFile.authorsGolden().table).save(to: url)
        let digest = FileDigest.sha256Hex(of: try Data(contentsOf: url))
        return (url, ["name": "test-table", "path": url.standardizedFileURL.path, "sha256": digest])
    }

    @Test(arguments: [false, true])
    func aSynapticRunRecordsItsPolicyAndTheQLearningSettingsOnlyWhenAdaptive(adaptive: Bool) throws {
        let (url, recorded) = try Self.policyFile()
        var configuration = SmallRuns.configuration(iterations: 20, evaluateEvery: 10, adaptive: adaptive)
        (configuration.table, configuration.policySource) = { ($0.policy.table, $0.source) }(try PolicySource.load(from: url))
        let output = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        _ = try ClassificationExperiment.run(configuration, data: try SmallRuns.data(), output: output)
        let record = try SynrlProcess.object(output, "configuration.json")
        #expect(record["policy"] as? [String: String] == recorded)
        #expect(record["adaptive"] as? Bool == adaptive)
        #expect((record["qLearningRate"] != nil, record["discount"] != nil) == (adaptive, adaptive))
        for key in ["learningRate", "gradientBatchSize", "ridge"] { #expect(record[key] == nil, "\(key)") }
        #expect(record["task"] as? String == "classification" && record["testSplit"] as? Bool == false)
        #expect(record["validationFraction"] as? Double == 0.25)
    }

    @Test func gradientDescentAndLeastSquaresRecordOnlyTheirOwnSettings() throws {
        let data = try SmallRuns.data()
        let rule = ["epsilon", "step", "stepSchedule", "adaptive", "qLearningRate", "discount", "historyLength", "batchSize",
                    "resampleEvery", "reevaluateAtSwitch", "firstLayer", "trials", "policy"]
        for method in [ClassificationExperiment.Method.gd, .lstsq] {
            var configuration = SmallRuns.configuration(hidden: [], iterations: 4, evaluateEvery: 2)
            configuration.method = method
            let output = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
            _ = try ClassificationExperiment.run(configuration, data: data, output: output)
            let record = try SynrlProcess.object(output, "configuration.json")
            for key in rule { #expect(record[key] == nil, "\(method): \(key)") }
            #expect((record["learningRate"] != nil) == (method == .gd))
            #expect(record["gradientBatchSize"] as? Int == (method == .gd ? 90 : nil))  // the whole training split
            #expect((record["ridge"] != nil) == (method == .lstsq))
        }
    }

    @Test(arguments: [false, true])
    func aBoundaryRunRecordsItsPolicyAndTheQLearningSettingsOnlyWhenAdaptive(adaptive: Bool) throws {
        var configuration = BoundaryExperiment.Configuration()
        configuration.iterations = 20
        configuration.shape.pointCount = 50
        configuration.shape.hiddenUnits = 4
        let (url, recorded) = try Self.policyFile()
        if !adaptive {
            (configuration.initialTable, configuration.policySource) = { ($0.policy.table, $0.source) }(try PolicySource.load(from: url))
            configuration.settings.adaptive = false
        }
        let output = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        _ = try BoundaryExperiment.run(configuration, progressEvery: 10, output: output)
        let record = try SynrlProcess.object(output, "configuration.json")
        #expect(record["task"] as? String == "boundary")
        let settings = try #require(record["configuration"] as? [String: Any])
        let rule = try #require(settings["settings"] as? [String: Any])
        #expect((settings["export"] != nil, settings["mirrorSymmetric"] != nil) == (adaptive, adaptive))
        #expect((rule["qLearningRate"] != nil, rule["discount"] != nil) == (adaptive, adaptive))
        #expect(settings["policy"] as? [String: String] == (adaptive ? nil : recorded))
    }

    /// The flags: synrl train and synrl boundary given --policy FILE record that file.
    @Test func theCommandsRecordThePolicyFileTheyApply() throws {
        let (url, recorded) = try Self.policyFile()
        let data = try IDXTests.writeFixture(count: 120, rows: 5, columns: 7, classes: 3)
        let root = try PolicyFileTests.temporaryFolder()
        let train = try SynrlProcess.run(["train", "--data", data.path, "--iterations", "20", "--batch-size", "40",
                                          "--policy", url.path, "--out", root.appendingPathComponent("train").path, "--quiet"])
        #expect(train.status == 0, "\(train.errors)")
        let trainRecord = try SynrlProcess.object(root.appendingPathComponent("train"), "configuration.json")
        #expect(trainRecord["policy"] as? [String: String] == recorded)
        #expect(trainRecord["qLearningRate"] == nil)
        let boundary = try SynrlProcess.run(["boundary", "--iterations", "20", "--points", "50", "--hidden", "4",
                                             "--policy", url.path, "--out", root.appendingPathComponent("boundary").path, "--quiet"])
        #expect(boundary.status == 0, "\(boundary.errors)")
        let boundaryRecord = try SynrlProcess.object(root.appendingPathComponent("boundary"), "configuration.json")
        #expect((boundaryRecord["configuration"] as? [String: Any])?["policy"] as? [String: String] == recorded)
    }
}
