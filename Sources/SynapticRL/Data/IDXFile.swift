import Foundation

/// The IDX format of MNIST and Fashion-MNIST: a big-endian header (0, 0, type 0x08 = unsigned byte, number of
/// dimensions), one 32-bit big-endian size per dimension, then the bytes row-major. Plain or gzip-compressed.
public struct IDXFile: Equatable, Sendable {
    public let dimensions: [Int]
    public let bytes: [UInt8]

    public init(dimensions: [Int], bytes: [UInt8]) {
        precondition(dimensions.reduce(1, *) == bytes.count, "IDX sizes and byte count disagree")
        self.dimensions = dimensions
        self.bytes = bytes
    }

    public static func load(from url: URL) throws -> IDXFile {
        var data = try AtomicFile.read(url, what: "IDX file")
        if Gzip.isCompressed(data) { data = try Gzip.decompress(data, what: url.path) }
        return try decode(data, what: url.path)
    }

    public static func decode(_ data: Data, what: String) throws -> IDXFile {
        let bytes = [UInt8](data)
        func fail(_ message: String) -> SynapticRLError { .invalidData("\(what): \(message)") }
        guard bytes.count >= 4 else { throw fail("truncated header (\(bytes.count) bytes)") }
        guard bytes[0] == 0, bytes[1] == 0, bytes[2] == 0x08, (1...4).contains(bytes[3]) else {
            throw fail(String(format: "wrong magic %02x%02x%02x%02x (expected 000008 then 1...4 dimensions)",
                              bytes[0], bytes[1], bytes[2], bytes[3]))
        }
        let rank = Int(bytes[3])
        let headerLength = 4 + 4 * rank
        guard bytes.count >= headerLength else { throw fail("truncated header (\(bytes.count) bytes)") }
        let dimensions = (0..<rank).map { axis in
            (0..<4).reduce(0) { $0 << 8 | Int(bytes[4 + 4 * axis + $1]) }
        }
        var expected = 1
        for size in dimensions {
            let (product, overflow) = expected.multipliedReportingOverflow(by: size)
            guard !overflow, product <= 1 << 40 else { throw fail("sizes \(dimensions) are implausible") }
            expected = product
        }
        let payload = bytes.count - headerLength
        guard payload >= expected else {
            throw fail("truncated: sizes \(dimensions) need \(expected) bytes, the file has \(payload)")
        }
        guard payload == expected else {
            throw fail("\(payload - expected) bytes beyond the \(expected) that sizes \(dimensions) describe")
        }
        return IDXFile(dimensions: dimensions, bytes: Array(bytes[headerLength...]))
    }

    /// The file's bytes (uncompressed).
    public func encoded() -> Data {
        var header: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
        for size in dimensions { header += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: size >> $0) } }
        return Data(header + bytes)
    }
}
