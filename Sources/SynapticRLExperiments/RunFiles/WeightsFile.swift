import Foundation
import SynapticRL

/// Trained weights on disk: a small binary format.
///
///     magic "SYNRLWT1" (8 bytes) | version UInt32 = 1 | layer count L UInt32 | L + 1 sizes UInt32 |
///     L activation codes UInt32 (0 tanh, 1 relu, 2 sigmoid, 3 identity) | dtype UInt32 = 0 (Float32) |
///     weight count UInt64 | weights Float32 in canonical order | CRC-32 (zlib) of everything before, UInt32
/// All integers and floats little-endian.
public enum WeightsFile {
    static let magic = Array("SYNRLWT1".utf8)
    static let version: UInt32 = 1
    static let activationCodes: [Activation] = [.tanh, .relu, .sigmoid, .identity]

    public static func encode(_ network: Network) -> Data {
        var writer = ByteWriter()
        writer.put(magic)
        writer.put(version)
        writer.put(UInt32(network.layerCount))
        network.sizes.forEach { writer.put(UInt32($0)) }
        network.activations.forEach { writer.put(UInt32(activationCodes.firstIndex(of: $0)!)) }
        writer.put(UInt32(0))
        writer.put(UInt64(network.synapseCount))
        writer.putRaw(network.weights)
        writer.put(Checksum.crc32(writer.bytes))
        return Data(writer.bytes)
    }

    public static func save(_ network: Network, to url: URL) throws {
        try AtomicFile.write(encode(network), to: url)
    }

    public static func load(from url: URL) throws -> Network {
        let data = try AtomicFile.read(url, what: "weights file", limit: MemoryBudget.available)  // as large as a run may write
        return try decode(data, what: url.path)
    }

    public static func decode(_ data: Data, what: String) throws -> Network {
        let bytes = [UInt8](data)
        func fail(_ message: String) -> SynapticRLError { .invalidData("\(what): \(message)") }
        guard bytes.count >= 8 + 4 + 4, Array(bytes[0..<8]) == magic else { throw fail("not a SynapticRL weights file (wrong magic)") }
        guard Checksum.trailerMatches(bytes) else { throw fail("checksum mismatch: the file is damaged or truncated") }
        var reader = ByteReader(bytes, end: bytes.count - 4, fail: fail)
        _ = try reader.take(count: 8)
        guard try reader.take(UInt32.self) == version else { throw fail("unsupported version") }
        let layers = Int(try reader.take(UInt32.self))
        guard (1...64).contains(layers) else { throw fail("implausible layer count \(layers)") }
        let sizes = try (0...layers).map { _ in Int(try reader.take(UInt32.self)) }
        let activations = try (0..<layers).map { _ -> Activation in
            let code = Int(try reader.take(UInt32.self))
            guard code < activationCodes.count else { throw fail("unknown activation code \(code)") }
            return activationCodes[code]
        }
        guard try reader.take(UInt32.self) == 0 else { throw fail("unsupported dtype (Float32 only)") }
        // The shape must fit the bytes present before anything is allocated for it.
        var expected = 0
        for layer in 0..<layers {
            let (matrix, overflow) = sizes[layer + 1].multipliedReportingOverflow(by: sizes[layer] + 1)
            guard !overflow, matrix <= reader.remaining / 4 else { throw fail("the shape \(sizes) needs more weights than the file holds") }
            expected += matrix
        }
        guard 8 + 4 * expected == reader.remaining else {
            throw fail("the shape \(sizes) needs \(expected) weights; the file holds \(max(0, reader.remaining - 8) / 4)")
        }
        var network = try Network(sizes: sizes, activations: activations)
        guard try reader.take(UInt64.self) == UInt64(network.synapseCount) else { throw fail("weight count does not match the shape \(sizes)") }
        network.weights = try reader.takeRaw(Float.self, count: network.synapseCount)
        guard network.weights.allSatisfy(\.isFinite) else { throw fail("a weight is NaN or infinite") }
        return network
    }
}
