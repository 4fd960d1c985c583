import Foundation
import SynapticRL

/// A checkpoint on disk: a small binary format with a JSON header.
///
///     magic "SYNRLCK1" (8 bytes) | version UInt32 = 2 | header length UInt64 | header (JSON, UTF-8) |
///     arrays, raw little-endian, in the order, element types and counts the header lists |
///     CRC-32 (zlib) of everything before, UInt32
///
/// The header holds the engine version, the configuration, the data's path and fingerprint, the iteration, the
/// minibatch number, elapsed seconds, per trial the reward history code, open tallies and metrics rows, an
/// adaptive step's state and a general rule's scalars, and the first layer's scalar state. Losses, steps and a
/// pending SARSA reward travel as raw bits so that a resumed run compares and moves by exact values.
///
/// Version 2 stores every rule: per trial either the paper kernels' arrays (histories, Q-table, running sums) or
/// a general rule's (`rule.*`: table, running sums, action codes, actions, states, and SARSA's pending states and
/// actions), and last the whole rule as `RuleFile` writes it (`rule`, UTF-8 JSON). Version 1 (the paper's rule
/// with a step that does not adapt, the only rule it could hold) still loads.
public enum CheckpointFile {
    static let magic = Array("SYNRLCK1".utf8)
    static let version: UInt32 = 2
    /// The versions this engine reads.
    static let readableVersions: ClosedRange<UInt32> = 1...2
    /// The largest rule a checkpoint may carry, as for a rule file (`RuleFile`).
    static let maximumRuleBytes = 16 << 20

    struct ArrayEntry: Codable, Equatable {
        let name: String
        let type: String
        let count: Int
    }

    struct TrialHeader: Codable {
        /// The paper kernels' reward code and running-average samples (0 under a general rule).
        let rewardCode: UInt8
        let averageSamples: Int
        let tally: ActionTally
        let metrics: [ClassificationMetricsRow]
        /// Version 2: the adaptive step's state, and a general rule's scalars.
        let schedule: ScheduleHeader?
        let rule: RuleHeader?
    }

    struct ScheduleHeader: Codable {
        let stepBits: UInt32
        let windowIterations: Int
        let windowBonuses: Int
    }

    struct RuleHeader: Codable {
        let rewardCode: Int
        let learnedIterations: Int
        /// SARSA's pending reward (its states and actions are arrays), absent when none waits.
        let pendingRewardBits: UInt64?
    }

    struct Header: Codable {
        let engine: String
        let configuration: ClassificationExperiment.Configuration
        let sizes: [Int]
        let dataPath: String
        let dataHash: String
        let iteration: Int
        let batchNumber: Int
        let elapsedSeconds: Double
        let trials: [TrialHeader]
        let countedStepBits: UInt32?
        let iterationsSinceBase: Int
        let hasBase: Bool
        /// The minibatch size in force (the configured one, or the whole set when that is smaller).
        let minibatchSize: Int
        let arrays: [ArrayEntry]
    }

    /// A reader past the magic and the format version, once both and the CRC-32 trailer are checked: the opening
    /// both checkpoint formats share (`kind` names the file in the errors).
    static func openReader(_ bytes: [UInt8], magic: [UInt8], kind: String, versions: ClosedRange<UInt32>,
                           fail: @escaping (String) -> SynapticRLError) throws -> (ByteReader, version: UInt32) {
        guard bytes.count >= 8, Array(bytes[0..<8]) == magic else { throw fail("not a SynapticRL \(kind) (wrong magic)") }
        guard bytes.count >= 8 + 4 + 8 + 4 else { throw fail("truncated") }
        var reader = ByteReader(bytes, end: bytes.count - 4, fail: fail)
        _ = try reader.take(count: 8)
        let version = try reader.take(UInt32.self)
        guard versions.contains(version) else {
            let readable = versions.count == 1 ? "version \(versions.lowerBound)" : "versions \(versions.lowerBound)...\(versions.upperBound)"
            throw fail("\(kind) format version \(version); this engine reads \(readable)")
        }
        guard Checksum.trailerMatches(bytes) else { throw fail("checksum mismatch: the file is damaged or truncated") }
        return (reader, version)
    }

    /// The JSON header that follows its UInt64 length. The header grows with the run (a few hundred KB a trial
    /// with 500 metrics rows), so its only bound is the file: a length past the bytes present is refused before
    /// anything is allocated for it. Shared by both checkpoint formats.
    static func readHeader<Header: Decodable>(from reader: inout ByteReader, fail: (String) -> SynapticRLError) throws -> Header {
        let headerLength = try reader.take(UInt64.self)
        guard headerLength <= UInt64(reader.remaining) else { throw fail("header length \(headerLength) exceeds the file") }
        do {
            return try JSONDecoder().decode(Header.self, from: Data(try reader.take(count: Int(headerLength))))
        } catch let error as SynapticRLError {
            throw error
        } catch {
            throw fail("unreadable header")
        }
    }

    /// A checkpoint resumes only with the engine that wrote it.
    static func requireThisEngine(_ engine: String, fail: (String) -> SynapticRLError) throws {
        guard engine == RunRecord.engineVersion else {
            throw fail("written by SynapticRL \(engine); this is SynapticRL \(RunRecord.engineVersion): resume it with that version")
        }
    }

    public static func save(_ checkpoint: Checkpoint, to url: URL) throws {
        let data = try encode(checkpoint)
        FaultInjection.killIfDue(writing: data, to: url, iteration: checkpoint.iteration)
        try AtomicFile.write(data, to: url)
    }

    public static func load(from url: URL) throws -> Checkpoint {
        try decode(AtomicFile.read(url, what: "checkpoint", limit: MemoryBudget.available), what: url.path)  // as large as a run may write
    }

    /// The checkpoint of the run in `folder`; a folder without one is explained: the run finished, or it was
    /// trained without checkpoints.
    public static func load(runFolder folder: URL) throws -> Checkpoint {
        try load(from: existingCheckpoint(in: folder))
    }

    /// The checkpoint file of the run in `folder`, of either kind.
    static func existingCheckpoint(in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent(Checkpoint.fileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            let finished = FileManager.default.fileExists(atPath: folder.appendingPathComponent("summary.json").path)
            throw SynapticRLError.io("\(folder.path) has no \(Checkpoint.fileName)"
                + (finished ? " (the run finished: see its summary.json)" : " (was it trained with --checkpoint-every 0?)"))
        }
        return url
    }

    public static func encode(_ checkpoint: Checkpoint) throws -> Data {
        var arrays: [(ArrayEntry, (inout ByteWriter) -> Void)] = []
        func add<T>(_ name: String, _ type: String, _ values: [T]) {
            arrays.append((ArrayEntry(name: name, type: type, count: values.count), { $0.putRaw(values) }))
        }
        for (index, trial) in checkpoint.trials.enumerated() {
            add("weights.\(index)", "f32", trial.network.weights)
            if let general = trial.general {
                add("rule.table.\(index)", "f64", general.table.values)
                add("rule.tableSums.\(index)", "f64", general.tableSums)
                add("rule.actionCodes.\(index)", "u16", general.actionCodes)
                add("rule.actions.\(index)", "u8", general.actions)
                add("rule.states.\(index)", "u32", general.states)
                if let pending = general.pending {
                    add("rule.pending.states.\(index)", "u32", pending.states)
                    add("rule.pending.actions.\(index)", "u8", pending.actions)
                }
            } else {
                add("actionCodes.\(index)", "u8", trial.state.actionCodes)
                add("actions.\(index)", "u8", trial.state.actions)
                add("table.\(index)", "f64", trial.table.values)
                add("averageSums.\(index)", "f64", trial.average.sums)
            }
        }
        add("losses", "f64", checkpoint.trials.map(\.loss))
        add("firstLayer.base", "f32", checkpoint.firstLayer.base)
        add("firstLayer.counts", "i32", checkpoint.firstLayer.counts)
        if let policy = checkpoint.configuration.table { add("policy", "f64", policy.values) }
        if let policy = checkpoint.configuration.initialRuleTable { add("rulePolicy", "f64", policy.values) }
        add("rule", "u8", [UInt8](try RuleFile(name: "checkpointed", rule: checkpoint.configuration.effectiveRule).encoded()))
        let header = Header(
            engine: RunRecord.engineVersion, configuration: checkpoint.configuration,
            sizes: checkpoint.trials[0].network.sizes, dataPath: checkpoint.dataPath, dataHash: checkpoint.dataHash,
            iteration: checkpoint.iteration, batchNumber: checkpoint.batchNumber, elapsedSeconds: checkpoint.elapsedSeconds,
            trials: checkpoint.trials.map { trial in
                let general = trial.general.map {
                    RuleHeader(rewardCode: $0.rewardCode, learnedIterations: $0.learnedIterations,
                               pendingRewardBits: $0.pending?.reward.bitPattern)
                }
                return TrialHeader(rewardCode: trial.general == nil ? trial.state.rewardCode : 0,
                                   averageSamples: trial.general == nil ? trial.average.sampleCount : 0,
                                   tally: trial.tally, metrics: trial.metrics,
                                   schedule: ScheduleHeader(stepBits: trial.scheduleState.step.bitPattern,
                                                            windowIterations: trial.scheduleState.windowIterations,
                                                            windowBonuses: trial.scheduleState.windowBonuses),
                                   rule: general)
            },
            countedStepBits: checkpoint.firstLayer.countedStep?.bitPattern,
            iterationsSinceBase: checkpoint.firstLayer.iterationsSinceBase, hasBase: checkpoint.firstLayer.hasBase,
            minibatchSize: checkpoint.minibatchSize, arrays: arrays.map(\.0))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys  // the same state always makes the same bytes
        let json = try encoder.encode(header)
        var writer = ByteWriter()
        writer.put(magic)
        writer.put(version)
        writer.put(UInt64(json.count))
        writer.put([UInt8](json))
        for (_, write) in arrays { write(&writer) }
        writer.put(Checksum.crc32(writer.bytes))
        return Data(writer.bytes)
    }

    public static func decode(_ data: Data, what: String) throws -> Checkpoint {
        let bytes = [UInt8](data)
        func fail(_ message: String) -> SynapticRLError { .invalidData("\(what): \(message)") }
        let opened = try openReader(bytes, magic: magic, kind: "checkpoint", versions: readableVersions, fail: fail)
        var reader = opened.0
        let fileVersion = opened.version
        let header: Header = try readHeader(from: &reader, fail: fail)
        try requireThisEngine(header.engine, fail: fail)
        return try CheckpointShapes(header: header, version: fileVersion, fail: fail).read(&reader)
    }
}
