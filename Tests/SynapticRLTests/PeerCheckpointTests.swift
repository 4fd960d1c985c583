import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// Checkpoints of gd, sgd and the gradient-free peers (`PeerCheckpointFile`): a run stopped or killed and resumed
/// ends bit-identical to the run left alone (weights.bin, metrics.csv but its wall-clock column, summary but its
/// timings), and damaged files are refused in one line.
@Suite(.serialized) struct PeerCheckpointTests {
    /// A deterministic random search standing in for hillclimb/spsa/es/signsgd (not yet in this branch), with
    /// memory of both kinds: a per-synapse drift (the last accepted move, half of it added again) and two scalars,
    /// the best loss on the minibatch in use and an adaptive step (×1.1 on success, ×0.9 on failure).
    final class RandomSearch: PeerOptimizer {
        private(set) var network: Network
        let minibatch: PeerMinibatch
        let seed: UInt64
        var best = Double.infinity
        var drift: [Float]
        private(set) var stepSize: Float = 0.05

        init(_ run: ClassificationRun) throws {
            network = run.networks[0]
            minibatch = try PeerMinibatch(training: run.training, sizes: run.sizes, batchSize: run.configuration.batchSize,
                                          seed: run.configuration.seed, threads: run.threads)
            seed = run.configuration.seed
            drift = [Float](repeating: 0, count: network.synapseCount)
        }

        func selectBatch(number: Int) throws {
            minibatch.select(number: number)
            best = minibatch.loss(of: network)
        }

        func currentLoss() throws -> Double { minibatch.loss(of: network) }

        func step(iteration: Int) throws -> Double {
            var draws = CounterStream(seed: seed, stream: .user, iteration: UInt64(iteration))
            var candidate = network
            for index in candidate.weights.indices {
                let noise = Float(Double(draws.next() >> 11) * 0x1p-53 - 0.5) * stepSize
                candidate.weights[index] += 0.5 * drift[index] + noise
            }
            let loss = minibatch.loss(of: candidate)
            if loss < best {
                for index in drift.indices { drift[index] = candidate.weights[index] - network.weights[index] }
                (network, best, stepSize) = (candidate, loss, stepSize * 1.1)
            } else {
                for index in drift.indices { drift[index] *= 0.5 }
                stepSize *= 0.9
            }
            return best
        }

        var state: PeerState { PeerState(arrays: ["drift": drift], scalars: ["best": best, "step": Double(stepSize)]) }

        func restore(network: Network, state: PeerState) throws {
            guard network.sizes == self.network.sizes, let drift = state.arrays["drift"], drift.count == network.synapseCount,
                  let best = state.scalars["best"], let step = state.scalars["step"] else {
                throw SynapticRLError.invalidData("not a random search's state")
            }
            (self.network, self.drift, self.best, stepSize) = (network, drift, best, Float(step))
        }
    }

    enum Kind: String, CaseIterable { case gd, sgd, search }

    static func configuration(_ kind: Kind) -> ClassificationExperiment.Configuration {
        var configuration = SmallRuns.configuration(adaptive: false)
        configuration.method = kind == .search ? .hillclimb : kind == .gd ? .gd : .sgd
        configuration.checkpointEvery = 40
        configuration.learningRate = 0.5
        return configuration
    }

    /// `ClassificationExperiment.run`, with the random search in place of the method's optimizer for `.search`.
    static func run(_ kind: Kind, data: DataSource.Loaded, output: URL, shouldStop: () -> Bool = { false },
                    resume: PeerCheckpoint? = nil) throws -> ClassificationExperiment.Outcome {
        let configuration = resume?.configuration ?? Self.configuration(kind)
        return try ClassificationExperiment.run(configuration, data: data, output: output, log: { _ in }, progress: { _ in },
                                                shouldStop: shouldStop, resuming: resume.map(RunCheckpoint.peer), parallel: nil,
                                                peerOptimizer: kind == .search ? { try RandomSearch($0) } : nil)
    }

    /// The files of a finished run that must match, timings taken out.
    static func comparable(_ folder: URL) throws -> [String: Data] {
        let metrics = try String(contentsOf: folder.appendingPathComponent("metrics.csv"), encoding: .utf8)
        var summary = try SynrlProcess.object(folder, "summary.json")
        (summary["seconds"], summary["iterationsPerSecond"]) = (nil, nil)
        return ["weights.bin": try Data(contentsOf: folder.appendingPathComponent("weights.bin")),
                "metrics.csv": Data(CSVColumns.dropping(["elapsed_seconds"], from: metrics).utf8),
                "summary.json": try JSONSerialization.data(withJSONObject: summary, options: .sortedKeys)]
    }

    static func peerCheckpoint(in folder: URL) throws -> PeerCheckpoint {
        guard case .peer(let checkpoint) = try RunCheckpoint.load(runFolder: folder) else {
            throw SynapticRLError.invalidData("\(folder.path) holds a synaptic-RL checkpoint")
        }
        return checkpoint
    }

    /// Stopped at 77 (between checkpoints and evaluations) and resumed, every kind ends as the run left alone, and
    /// its checkpoint holds the optimizer's memory.
    @Test(arguments: Kind.allCases)
    func stoppedAndResumedEndsAsTheRunLeftAlone(kind: Kind) throws {
        let data = try SmallRuns.data()
        let root = try PolicyFileTests.temporaryFolder()
        let (alone, stopped) = (root.appendingPathComponent("alone"), root.appendingPathComponent("stopped"))
        let reference = try Self.run(kind, data: data, output: alone)
        #expect(!FileManager.default.fileExists(atPath: alone.appendingPathComponent(Checkpoint.fileName).path))
        let interrupted = try Self.run(kind, data: data, output: stopped, shouldStop: SmallRuns.stopper(at: 77))
        #expect(interrupted.summary.interrupted && interrupted.summary.iterations == 77)
        let checkpoint = try Self.peerCheckpoint(in: stopped)
        #expect(checkpoint.iteration == 77 && checkpoint.metrics.map(\.iteration) == [0, 50])
        #expect(checkpoint.batchNumber == (kind == .gd ? 0 : kind == .sgd ? 76 : 76 / 30))
        #expect(kind != .search || (checkpoint.state.arrays["drift"]?.count == reference.network.synapseCount
                                    && checkpoint.state.scalars.keys.sorted() == ["best", "step"]))
        let resumed = try Self.run(kind, data: data, output: stopped, resume: checkpoint)
        #expect(resumed.network == reference.network)
        #expect(try Self.comparable(stopped) == Self.comparable(alone), "\(kind)")
        #expect(!FileManager.default.fileExists(atPath: stopped.appendingPathComponent(Checkpoint.fileName).path))
    }

    /// The whole state, exact to the bit: stopped at 150 directly, or stopped at 77, resumed and stopped at 150.
    @Test func resumedStateIsBitIdentical() throws {
        let data = try SmallRuns.data()
        let root = try PolicyFileTests.temporaryFolder()
        let (direct, twice) = (root.appendingPathComponent("direct"), root.appendingPathComponent("twice"))
        _ = try Self.run(.search, data: data, output: direct, shouldStop: SmallRuns.stopper(at: 150))
        _ = try Self.run(.search, data: data, output: twice, shouldStop: SmallRuns.stopper(at: 77))
        _ = try Self.run(.search, data: data, output: twice, shouldStop: SmallRuns.stopper(at: 150 - 77),
                         resume: try Self.peerCheckpoint(in: twice))
        let (a, b) = (try Self.peerCheckpoint(in: direct), try Self.peerCheckpoint(in: twice))
        #expect(a.iteration == 150 && b.iteration == 150 && a.batchNumber == b.batchNumber)
        #expect(a.network == b.network && a.state.arrays == b.state.arrays)
        #expect(a.state.scalars.mapValues(\.bitPattern) == b.state.scalars.mapValues(\.bitPattern))
        #expect(a.metrics.map(\.minibatchLoss.bitPattern) == b.metrics.map(\.minibatchLoss.bitPattern))
    }

    /// Encoded, decoded and encoded again: the same bytes, and scalars keep their exact bits (−0, 0.1 + 0.2, a
    /// subnormal, an infinite best loss before any minibatch).
    @Test func checkpointRoundTripsExactly() throws {
        let data = try SmallRuns.data()
        let folder = try PolicyFileTests.temporaryFolder()
        _ = try Self.run(.search, data: data, output: folder, shouldStop: { true })
        let url = folder.appendingPathComponent(Checkpoint.fileName)
        let bytes = try Data(contentsOf: url)
        #expect(PeerCheckpointFile.hasMagic(bytes))
        var checkpoint = try PeerCheckpointFile.decode(bytes, what: "c")
        #expect(try PeerCheckpointFile.encode(checkpoint) == bytes)
        checkpoint.state.scalars = ["zero": -0.0, "sum": 0.1 + 0.2, "tiny": .leastNonzeroMagnitude, "best": .infinity]
        checkpoint.state.arrays["a"] = [1, -2.5, .leastNormalMagnitude]
        checkpoint.state.arrays["empty"] = []
        let again = try PeerCheckpointFile.decode(try PeerCheckpointFile.encode(checkpoint), what: "c")
        #expect(again.state.scalars.mapValues(\.bitPattern) == checkpoint.state.scalars.mapValues(\.bitPattern))
        #expect(again.state.arrays == checkpoint.state.arrays && again.network == checkpoint.network)
        #expect(again.metrics == checkpoint.metrics && again.iteration == checkpoint.iteration)
    }

    /// The file with its header rewritten by `change` (a JSON object; `arrays` changes the array bytes) and its
    /// CRC resealed, so that only the reader's own checks stand between it and the engine.
    static func damaged(_ bytes: Data, arrays: (inout [UInt8]) -> Void = { _ in },
                        _ change: (inout [String: Any]) -> Void) throws -> Data {
        let raw = [UInt8](bytes)
        let length = Int(raw[12..<20].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        var header = try JSONSerialization.jsonObject(with: Data(raw[20..<(20 + length)])) as! [String: Any]
        change(&header)
        var body = Array(raw[(20 + length)..<(raw.count - 4)])
        arrays(&body)
        let json = [UInt8](try JSONSerialization.data(withJSONObject: header, options: .sortedKeys))
        var writer = ByteWriter()
        writer.put(Array(raw[0..<12]))
        writer.put(UInt64(json.count))
        writer.put(json)
        writer.put(body)
        writer.put(Checksum.crc32(writer.bytes))
        return Data(writer.bytes)
    }

    /// `bytes` with `patch` written at `offset` and the CRC resealed.
    static func patched(_ bytes: Data, at offset: Int, _ patch: [UInt8]) -> Data {
        var raw = [UInt8](bytes)
        raw.replaceSubrange(offset..<(offset + patch.count), with: patch)
        FuzzTests.resealCRC(&raw)
        return Data(raw)
    }

    /// Truncated, a flipped byte, counts that lie, sizes that do not fit, implausible progress: each refused by the
    /// reader, or for a network that does not fit the data by the run, in one line and before it allocates.
    @Test func damagedFilesAreRefusedInOneLine() throws {
        let data = try SmallRuns.data()
        let folder = try PolicyFileTests.temporaryFolder()
        _ = try Self.run(.search, data: data, output: folder, shouldStop: SmallRuns.stopper(at: 45))
        let bytes = try Data(contentsOf: folder.appendingPathComponent(Checkpoint.fileName))
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        func entries(_ header: inout [String: Any], _ body: (inout [[String: Any]]) -> Void) {
            var arrays = header["arrays"] as! [[String: Any]]
            body(&arrays)
            header["arrays"] = arrays
        }
        let cases: [(String, Data, String)] = [
            ("truncated", bytes.prefix(bytes.count - 9), "checksum mismatch"),
            ("a flipped byte", flipped, "checksum mismatch"),
            ("too short", bytes.prefix(12), "truncated"),
            ("another version", Self.patched(bytes, at: 8, [9, 0, 0, 0]), "format version 9"),
            ("a weight count that lies", try Self.damaged(bytes) { entries(&$0) { $0[0]["count"] = 1 << 60 } }, "do not match the network sizes"),
            ("a state array of 2^62 values", try Self.damaged(bytes) { entries(&$0) { $0[1]["count"] = 1 << 62 } }, "optimizer arrays do not match"),
            ("a state array past its bytes", try Self.damaged(bytes, arrays: { $0 += [0, 0, 0, 0] }) { _ in }, "bytes of arrays where"),
            ("sizes of another network", try Self.damaged(bytes) { $0["sizes"] = [35, 7, 3] }, "do not fit the configuration"),
            ("a header longer than the file", Self.patched(bytes, at: 12, [0, 0, 0, 0, 0, 0, 0, 1]), "exceeds the file"),
            ("an iteration past the run", try Self.damaged(bytes) { $0["iteration"] = 10_000 }, "implausible progress"),
            ("another minibatch", try Self.damaged(bytes) { $0["batchNumber"] = 0 }, "is not the one in use"),
            ("a non-finite weight", try Self.damaged(bytes, arrays: { $0.replaceSubrange(0..<4, with: [0, 0, 0xC0, 0x7F]) }) { _ in }, "not finite"),
            ("a synaptic-RL method", try Self.damaged(bytes) { var c = $0["configuration"] as! [String: Any]; c["method"] = "synrl"; $0["configuration"] = c },
             "does not write a peer checkpoint"),
        ]
        for (name, file, expected) in cases {
            do {
                _ = try PeerCheckpointFile.decode(file, what: "c")
                Issue.record("\(name) was read")
            } catch let error as SynapticRLError {
                #expect(error.detail.contains(expected) && !error.detail.contains("\n"), "\(name): \(error.detail)")
            }
        }
        // A network that fits its configuration but not the data (5 × 7 pixels, 3 classes): refused by the run.
        let wider = try Self.damaged(bytes, arrays: { $0 += [UInt8](repeating: 0, count: 4 * 7) }) {
            $0["sizes"] = [35, 6, 4]
            entries(&$0) { $0[0]["count"] = 6 * 36 + 4 * 7 }
        }
        let checkpoint = try PeerCheckpointFile.decode(wider, what: "c")
        do {
            _ = try Self.run(.search, data: data, output: folder, resume: checkpoint)
            Issue.record("a network that does not fit the data was resumed")
        } catch let error as SynapticRLError {
            #expect(error.detail.contains("does not fit this data") && !error.detail.contains("\n"), "\(error.detail)")
        }
    }

    /// Mutants of a peer checkpoint (its CRC resealed for half): each decodes or is refused in one line, never a crash.
    @Test func fuzzedCheckpointsDecodeOrAreRefused() throws {
        let folder = try PolicyFileTests.temporaryFolder()
        _ = try Self.run(.search, data: try SmallRuns.data(), output: folder, shouldStop: { true })
        let sample = try Data(contentsOf: folder.appendingPathComponent(Checkpoint.fileName))
        FuzzTests.fuzz("peer checkpoint", sample: sample, seed: 81, reseal: FuzzTests.resealCRC) {
            _ = try PeerCheckpointFile.decode($0, what: "fuzz")
        }
    }

    /// `synrl train --method sgd` killed after an iteration, or half-way through writing its checkpoint, and
    /// `synrl resume`d ends as the run left alone.
    @Test func sgdKilledAndResumedByTheCommandEndsAsTheRunLeftAlone() throws {
        let data = try IDXTests.writeFixture(count: 120, rows: 5, columns: 7, classes: 3)
        let root = try PolicyFileTests.temporaryFolder()
        let common = ["train", "--data", data.path, "--method", "sgd", "--hidden", "6", "--iterations", "300", "--batch-size", "40",
                      "--eval-every", "50", "--checkpoint-every", "40", "--learning-rate", "0.5", "--seed", "4", "--quiet"]
        let alone = root.appendingPathComponent("alone")
        #expect(try CheckpointTests.synrl(common + ["--out", alone.path]).status == 0)
        for (index, (fault, iteration)) in [("SYNRL_KILL_AT_ITERATION", "137"), ("SYNRL_KILL_IN_CHECKPOINT_AT", "120")].enumerated() {
            let run = root.appendingPathComponent("killed-\(index)")
            let killed = try CheckpointTests.synrl(common + ["--out", run.path], environment: [fault: iteration])
            #expect(killed.signalled && killed.status == SIGKILL, "\(fault)=\(iteration) did not kill the run")
            #expect(try Self.peerCheckpoint(in: run).iteration == (iteration == "137" ? 120 : 80))
            #expect(try CheckpointTests.synrl(["resume", run.path, "--quiet"]).status == 0)
            #expect(try Self.comparable(run) == Self.comparable(alone), "\(fault)=\(iteration)")
            #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent(Checkpoint.fileName).path))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: run.path).filter { $0.hasSuffix(".tmp") }
            #expect(leftovers.isEmpty, "\(leftovers)")
        }
    }
}
