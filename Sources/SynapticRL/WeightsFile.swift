import Foundation
import SystemZlib

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
        var bytes = magic
        func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        put(version)
        put(UInt32(network.layerCount))
        network.sizes.forEach { put(UInt32($0)) }
        network.activations.forEach { put(UInt32(activationCodes.firstIndex(of: $0)!)) }
        put(UInt32(0))
        put(UInt64(network.synapseCount))
        network.weights.forEach { put($0.bitPattern) }
        put(checksum(bytes))
        return Data(bytes)
    }

    public static func save(_ network: Network, to url: URL) throws {
        try AtomicFile.write(encode(network), to: url)
    }

    public static func load(from url: URL) throws -> Network {
        let data = try AtomicFile.read(url, what: "weights file")
        return try decode(data, what: url.path)
    }

    public static func decode(_ data: Data, what: String) throws -> Network {
        let bytes = [UInt8](data)
        func fail(_ message: String) -> SynapticRLError { .invalidData("\(what): \(message)") }
        guard bytes.count >= 8 + 4 + 4, Array(bytes[0..<8]) == magic else { throw fail("not a SynapticRL weights file (wrong magic)") }
        guard bytes.count >= 4 else { throw fail("truncated") }
        let stored = bytes.suffix(4).enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
        guard stored == checksum(Array(bytes.dropLast(4))) else { throw fail("checksum mismatch: the file is damaged or truncated") }
        var position = 8
        func take(_ width: Int) throws -> UInt64 {
            guard position + width <= bytes.count - 4 else { throw fail("truncated") }
            defer { position += width }
            return (0..<width).reduce(UInt64(0)) { $0 | UInt64(bytes[position + $1]) << (8 * UInt64($1)) }
        }
        guard try take(4) == UInt64(version) else { throw fail("unsupported version") }
        let layers = Int(try take(4))
        guard (1...64).contains(layers) else { throw fail("implausible layer count \(layers)") }
        let sizes = try (0...layers).map { _ in Int(try take(4)) }
        let activations = try (0..<layers).map { _ -> Activation in
            let code = Int(try take(4))
            guard code < activationCodes.count else { throw fail("unknown activation code \(code)") }
            return activationCodes[code]
        }
        guard try take(4) == 0 else { throw fail("unsupported dtype (Float32 only)") }
        // The shape must fit the bytes present before anything is allocated for it.
        var expected = 0
        for layer in 0..<layers {
            let (matrix, overflow) = sizes[layer + 1].multipliedReportingOverflow(by: sizes[layer] + 1)
            guard !overflow, matrix <= (bytes.count - position) / 4 else { throw fail("the shape \(sizes) needs more weights than the file holds") }
            expected += matrix
        }
        guard 8 + 4 * expected == bytes.count - 4 - position else {
            throw fail("the shape \(sizes) needs \(expected) weights; the file holds \(max(0, bytes.count - 4 - position - 8) / 4)")
        }
        var network = try Network(sizes: sizes, activations: activations)
        guard try take(8) == UInt64(network.synapseCount) else { throw fail("weight count does not match the shape \(sizes)") }
        for index in 0..<network.synapseCount { network.weights[index] = Float(bitPattern: UInt32(try take(4))) }
        guard network.weights.allSatisfy(\.isFinite) else { throw fail("a weight is NaN or infinite") }
        guard position == bytes.count - 4 else { throw fail("\(bytes.count - 4 - position) unexpected bytes before the checksum") }
        return network
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        UInt32(bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) })
    }
}
