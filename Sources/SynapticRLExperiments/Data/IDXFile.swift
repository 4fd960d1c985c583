import Foundation
import SynapticRL

/// The IDX format of MNIST and Fashion-MNIST: a big-endian header (0, 0, type 0x08 = unsigned byte, number of
/// dimensions), one 32-bit big-endian size per dimension, then the bytes row-major. Plain or gzip-compressed.
package struct IDXFile: Equatable, Sendable {
    public let dimensions: [Int]
    public let bytes: [UInt8]

    public init(dimensions: [Int], bytes: [UInt8]) {
        precondition(dimensions.reduce(1, *) == bytes.count, "IDX sizes and byte count disagree")
        self.dimensions = dimensions
        self.bytes = bytes
    }

    public static func load(from url: URL) throws -> IDXFile {
        var data = try AtomicFile.read(url, what: "IDX file")
        if Gzip.isCompressed(data) { data = try inflate(data, what: url.path) }
        return try decode(data, what: url.path)
    }

    /// The inflated bytes of a gzip-compressed IDX file, refused as soon as they outgrow the length its header
    /// (the first inflated bytes) declares, or Gzip's general cap, so a small bomb never holds more than that.
    static func inflate(_ data: Data, what: String) throws -> Data {
        var declared: Int?
        return try Gzip.decompress(data, what: what) { output in
            if declared == nil { declared = try declaredLength(of: output, what: what) }
            if let declared, output.count > declared {
                throw SynapticRLError.invalidData("\(what): decompresses to more than the \(declared) bytes its IDX header declares")
            }
        }
    }

    /// The largest IDX file this reads, 1 TiB (Fashion-MNIST's training images are 47 MB): a header may
    /// claim sizes up to 2³² per dimension, which are refused rather than trusted.
    static let largestLength = 1 << 40

    /// The whole file's length (header and payload) that the header at the start of `bytes` declares, with
    /// overflow-checked arithmetic; nil while `bytes` is shorter than the header. Throws for a malformed header.
    static func declaredLength(of bytes: Data, what: String) throws -> Int? {
        func fail(_ message: String) -> SynapticRLError { .invalidData("\(what): \(message)") }
        let start = bytes.startIndex
        guard bytes.count >= 4 else { return nil }
        guard bytes[start] == 0, bytes[start + 1] == 0, bytes[start + 2] == 0x08, (1...4).contains(bytes[start + 3]) else {
            throw fail(String(format: "wrong magic %02x%02x%02x%02x (expected 000008 then 1...4 dimensions)",
                              bytes[start], bytes[start + 1], bytes[start + 2], bytes[start + 3]))
        }
        let rank = Int(bytes[start + 3])
        let headerLength = 4 + 4 * rank
        guard bytes.count >= headerLength else { return nil }
        let dimensions = self.dimensions(in: bytes, rank: rank)
        var length = 1
        for size in dimensions {
            let (product, overflow) = length.multipliedReportingOverflow(by: size)
            guard !overflow, product <= largestLength - headerLength else { throw fail("sizes \(dimensions) are implausible") }
            length = product
        }
        return length + headerLength
    }

    /// The `rank` big-endian 32-bit sizes after the 4 magic bytes.
    private static func dimensions(in bytes: Data, rank: Int) -> [Int] {
        (0..<rank).map { axis in
            (0..<4).reduce(0) { $0 << 8 | Int(bytes[bytes.startIndex + 4 + 4 * axis + $1]) }
        }
    }

    public static func decode(_ data: Data, what: String) throws -> IDXFile {
        func fail(_ message: String) -> SynapticRLError { .invalidData("\(what): \(message)") }
        guard let length = try declaredLength(of: data, what: what) else {
            throw fail("truncated header (\(data.count) bytes)")
        }
        let rank = Int(data[data.startIndex + 3])
        let headerLength = 4 + 4 * rank
        let dimensions = self.dimensions(in: data, rank: rank)
        let (expected, payload) = (length - headerLength, data.count - headerLength)
        guard payload >= expected else {
            throw fail("truncated: sizes \(dimensions) need \(expected) bytes, the file has \(payload)")
        }
        guard payload == expected else {
            throw fail("\(payload - expected) bytes beyond the \(expected) that sizes \(dimensions) describe")
        }
        return IDXFile(dimensions: dimensions, bytes: [UInt8](data.dropFirst(headerLength)))
    }

    /// The file's bytes (uncompressed).
    public func encoded() -> Data {
        var header: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
        for size in dimensions { header += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: size >> $0) } }
        return Data(header + bytes)
    }
}
