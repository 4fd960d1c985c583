import Foundation
import SynapticRL

/// A gd, sgd or peer run's checkpoint on disk, laid out as `CheckpointFile`'s with its own magic:
///
///     magic "SYNRLPK1" (8 bytes) | version UInt32 = 1 | header length UInt64 | header (JSON, UTF-8) |
///     arrays, raw little-endian Float32, in the order and counts the header lists | CRC-32 (zlib) of all before, UInt32
///
/// The header holds the engine version, the configuration, the network sizes, the data's path and fingerprint, the
/// iteration, the minibatch number, elapsed seconds, the metrics rows and the optimizer's scalars as the bit
/// patterns of their Doubles (so a resumed run compares losses by exact values). The arrays are `weights` (one
/// per synapse) then the optimizer's, `state.<name>` in name order, each at most one value per synapse.
public enum PeerCheckpointFile {
    static let magic = Array("SYNRLPK1".utf8)
    static let version: UInt32 = 1
    /// The most scalars and arrays an optimizer may keep: a handful, so a header that claims more is hostile.
    static let maximumStateEntries = 64

    struct Header: Codable {
        let engine: String
        let configuration: ClassificationExperiment.Configuration
        let sizes: [Int]
        let dataPath: String
        let dataHash: String
        let iteration: Int
        let batchNumber: Int
        let elapsedSeconds: Double
        let metrics: [ClassificationMetricsRow]
        /// The optimizer's scalars, each as `Double.bitPattern`.
        let scalars: [String: UInt64]
        let arrays: [CheckpointFile.ArrayEntry]
    }

    public static func save(_ checkpoint: PeerCheckpoint, to url: URL) throws {
        let data = try encode(checkpoint)
        FaultInjection.killIfDue(writing: data, to: url, iteration: checkpoint.iteration)
        try AtomicFile.write(data, to: url)
    }

    public static func load(from url: URL) throws -> PeerCheckpoint {
        try decode(AtomicFile.read(url, what: "checkpoint", limit: MemoryBudget.available), what: url.path)
    }

    /// Whether `bytes` start as this format's files do (the rest is checked by `decode`).
    static func hasMagic(_ bytes: Data) -> Bool { bytes.count >= 8 && Array(bytes.prefix(8)) == magic }

    public static func encode(_ checkpoint: PeerCheckpoint) throws -> Data {
        let names = checkpoint.state.arrays.keys.sorted()
        var arrays = [CheckpointFile.ArrayEntry(name: "weights", type: "f32", count: checkpoint.network.weights.count)]
        arrays += names.map { CheckpointFile.ArrayEntry(name: "state.\($0)", type: "f32", count: checkpoint.state.arrays[$0]!.count) }
        let header = Header(
            engine: RunRecord.engineVersion, configuration: checkpoint.configuration, sizes: checkpoint.network.sizes,
            dataPath: checkpoint.dataPath, dataHash: checkpoint.dataHash, iteration: checkpoint.iteration,
            batchNumber: checkpoint.batchNumber, elapsedSeconds: checkpoint.elapsedSeconds, metrics: checkpoint.metrics,
            scalars: checkpoint.state.scalars.mapValues(\.bitPattern), arrays: arrays)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys  // the same state always makes the same bytes
        let json = try encoder.encode(header)
        var writer = ByteWriter()
        writer.put(magic)
        writer.put(version)
        writer.put(UInt64(json.count))
        writer.put([UInt8](json))
        writer.putRaw(checkpoint.network.weights)
        for name in names { writer.putRaw(checkpoint.state.arrays[name]!) }
        writer.put(Checksum.crc32(writer.bytes))
        return Data(writer.bytes)
    }

    public static func decode(_ data: Data, what: String) throws -> PeerCheckpoint {
        let bytes = [UInt8](data)
        func fail(_ message: String) -> SynapticRLError { .invalidData("\(what): \(message)") }
        var reader = try CheckpointFile.openReader(bytes, magic: magic, kind: "peer checkpoint", versions: version...version, fail: fail).0
        let header: Header = try CheckpointFile.readHeader(from: &reader, fail: fail)
        try CheckpointFile.requireThisEngine(header.engine, fail: fail)
        let synapses = try checkShapes(header, remaining: reader.remaining, fail: fail)
        var network = try Network.classifier(sizes: header.sizes)
        network.weights = try reader.takeRaw(Float.self, count: synapses)
        guard network.weights.allSatisfy(\.isFinite) else { throw fail("a weight is not finite") }
        var state = PeerState(scalars: header.scalars.mapValues { Double(bitPattern: $0) })
        for entry in header.arrays.dropFirst() {
            let values = try reader.takeRaw(Float.self, count: entry.count)
            guard values.allSatisfy(\.isFinite) else { throw fail("\(entry.name) holds a value that is not finite") }
            state.arrays[String(entry.name.dropFirst("state.".count))] = values
        }
        return PeerCheckpoint(configuration: header.configuration, dataPath: header.dataPath, dataHash: header.dataHash,
                              iteration: header.iteration, batchNumber: header.batchNumber, elapsedSeconds: header.elapsedSeconds,
                              metrics: header.metrics, network: network, state: state)
    }

    /// The configuration, progress, sizes and array list checked against each other and the bytes left, before
    /// any array is allocated; returns the synapse count.
    private static func checkShapes(_ header: Header, remaining: Int, fail: (String) -> SynapticRLError) throws -> Int {
        let configuration = header.configuration
        do { try configuration.validate() } catch let error as SynapticRLError { throw fail(error.detail) }
        guard PeerCheckpoint.covers(configuration.method), configuration.trials == 1 else {
            throw fail("method \(configuration.method.rawValue) with \(configuration.trials) trials does not write a peer checkpoint")
        }
        guard (1..<configuration.iterations).contains(header.iteration), (0..<header.iteration).contains(header.batchNumber),
              header.elapsedSeconds.isFinite, header.elapsedSeconds >= 0 else {
            throw fail("implausible progress: iteration \(header.iteration) of \(configuration.iterations), minibatch \(header.batchNumber)")
        }
        // The peers draw a new minibatch every `resampleEvery` iterations, as synaptic RL does.
        if !configuration.method.usesGradient || configuration.method == .signsgd,
           header.batchNumber != (header.iteration - 1) / max(configuration.resampleEvery, 1) {
            throw fail("minibatch \(header.batchNumber) is not the one in use after iteration \(header.iteration)")
        }
        let iterations = header.metrics.map(\.iteration)
        guard iterations.first == 0, zip(iterations, iterations.dropFirst()).allSatisfy({ $0 < $1 }), iterations.last! <= header.iteration else {
            throw fail("its metrics rows do not run from iteration 0 to at most \(header.iteration)")
        }
        let synapses = try CheckpointShapes.synapseCount(sizes: header.sizes, configuration: configuration, fail: fail)
        guard header.scalars.count <= maximumStateEntries, header.arrays.count <= maximumStateEntries + 1 else {
            throw fail("more than \(maximumStateEntries) optimizer scalars or arrays")
        }
        guard header.arrays.first == CheckpointFile.ArrayEntry(name: "weights", type: "f32", count: synapses) else {
            throw fail("its weights do not match the network sizes \(header.sizes)")
        }
        let state = header.arrays.dropFirst()
        let names = state.map(\.name)
        guard state.allSatisfy({ $0.type == "f32" && $0.name.hasPrefix("state.") && $0.name.count > "state.".count && (0...synapses).contains($0.count) }),
              zip(names, names.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw fail("its optimizer arrays do not match the shapes its header describes (sorted, at most one value per synapse)")
        }
        // Each count is at most the synapse count and there are at most 65 arrays, so the total cannot overflow.
        let total = header.arrays.reduce(0) { $0 + 4 * $1.count }
        guard total == remaining else { throw fail("\(remaining) bytes of arrays where the header describes \(total)") }
        return synapses
    }
}
