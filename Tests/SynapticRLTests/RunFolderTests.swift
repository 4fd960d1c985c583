import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

@Suite struct RunFolderTests {
    @Test func weightsRoundTripExactlyAndDamageIsDetected() throws {
        var data = TestData(seed: 61)
        var network = try Network(sizes: [5, 4, 3], activations: [.relu, .identity])
        network.weights = data.floats(network.synapseCount)
        let bytes = WeightsFile.encode(network)
        #expect(try WeightsFile.decode(bytes, what: "w") == network)
        var damaged = [UInt8](bytes)
        damaged[40] ^= 1
        #expect(throws: SynapticRLError.invalidData("w: checksum mismatch: the file is damaged or truncated")) {
            try WeightsFile.decode(Data(damaged), what: "w")
        }
        #expect(throws: SynapticRLError.self) { try WeightsFile.decode(bytes.prefix(30), what: "w") }
        #expect(throws: SynapticRLError.invalidData("w: not a SynapticRL weights file (wrong magic)")) {
            try WeightsFile.decode(Data("hello, not weights".utf8), what: "w")
        }
    }

    /// A short static run on an IDX fixture writes every artefact, and its saved weights score as it reported.
    @Test(arguments: [ClassificationExperiment.Method.synrl, .gd])
    func shortRunWritesItsFolder(method: ClassificationExperiment.Method) throws {
        let folder = try IDXTests.writeFixture(count: 80, rows: 4, columns: 4, classes: 3)
        let output = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        var configuration = ClassificationExperiment.Configuration()
        configuration.method = method
        configuration.hiddenUnits = [5]
        configuration.iterations = 60
        configuration.batchSize = 30
        configuration.resampleEvery = 20
        configuration.evaluateEvery = 20
        let data = try DataSource.load(path: folder.path)
        configuration.profile = method == .synrl
        let outcome = try ClassificationExperiment.run(configuration, data: data, output: output)
        let (summary, network) = (outcome.summary, outcome.network)
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: output.path))
        #expect(files.isSuperset(of: ["configuration.json", "metrics.csv", "weights.bin", "summary.json"]))
        #expect(files.contains("policy.json") == (method == .synrl))
        #expect(files.contains("profile.txt") == (method == .synrl))
        #expect(summary.firstLayer == (method == .synrl ? FirstLayerPath.auto.resolved(resampleEvery: 20) : nil))
        if let profile = outcome.profile {
            // The incremental path still takes a GEMM at each new minibatch.
            let firstLayerPhases = summary.firstLayer == .incremental ? ["layer 1 integer update", "layer 1 GEMM"] : ["layer 1 GEMM"]
            for phase in firstLayerPhases + ["sweep", "layer 2 activation", "loss reduction", "evaluation", "other", "total"] {
                #expect(profile.contains(phase), "the profile lacks \(phase)")
            }
        }
        #expect(!files.contains { $0.hasSuffix(".tmp") })
        let csv = try String(contentsOf: output.appendingPathComponent("metrics.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 1 + 1 + 3)  // the header, row 0, a row every 20 iterations
        #expect(try WeightsFile.load(from: output.appendingPathComponent("weights.bin")) == network)
        #expect(summary.parameters == 103)  // (16 + 1) · 5 + (5 + 1) · 3
        let split = try DataSplit(count: 80, seed: configuration.seed)
        let validation = try data.train.subset(split.validation)
        #expect(try Evaluation.score(network, on: validation).accuracy == summary.validationAccuracy)
    }

    /// A stop request (SIGINT/SIGTERM in the CLI) ends the run after the current iteration with every artefact.
    @Test func aStopRequestEndsTheRunCleanly() throws {
        let folder = try IDXTests.writeFixture(count: 60, rows: 3, columns: 3, classes: 3)
        let output = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        var configuration = ClassificationExperiment.Configuration()
        configuration.iterations = 1000
        configuration.batchSize = 20
        configuration.evaluateEvery = 100
        var asked = 0
        let outcome = try ClassificationExperiment.run(configuration, data: try DataSource.load(path: folder.path),
                                                       output: output, shouldStop: { asked += 1; return asked >= 25 })
        #expect(outcome.summary.interrupted)
        #expect(outcome.summary.iterations == 25)
        #expect(try WeightsFile.load(from: output.appendingPathComponent("weights.bin")) == outcome.network)
        let csv = try String(contentsOf: output.appendingPathComponent("metrics.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").last!.hasPrefix("25,"))
    }

    @Test func paperParameterCounts() throws {
        #expect(try Network(sizes: [784, 10], activations: [.identity]).synapseCount == 7850)
        #expect(try Network(sizes: [784, 32, 10], activations: [.relu, .identity]).synapseCount == 25450)
    }
}

@Suite struct ActionTallyTests {
    @Test func countsEachActionAndTheRewards() {
        var tally = ActionTally()
        tally.add(actions: [0, 1, 2, 2, 1, 2, 0], reward: 1)
        tally.add(actions: [2, 2, 2], reward: -1)
        #expect(tally.counts == [2, 2, 6])
        #expect(tally.rewardFraction == 0.5)
        #expect(tally.fractions == [0.2, 0.2, 0.6])
    }
}
