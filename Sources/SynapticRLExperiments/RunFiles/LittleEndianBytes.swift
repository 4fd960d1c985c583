import Foundation
import SynapticRL

/// Appends fixed-width values little-endian: the byte layer of the binary run files.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func put(_ raw: [UInt8]) { bytes += raw }
    /// Any array of fixed-width numbers as its raw little-endian bytes (this is a little-endian-only engine).
    mutating func putRaw<T>(_ values: [T]) { values.withUnsafeBytes { bytes += $0 } }
}

/// Reads what `ByteWriter` wrote, every read checked against the end: a short file is an error, never a crash.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var position = 0
    let end: Int
    let fail: (String) -> SynapticRLError

    init(_ bytes: [UInt8], end: Int? = nil, fail: @escaping (String) -> SynapticRLError) {
        self.bytes = bytes
        self.end = end ?? bytes.count
        self.fail = fail
    }

    var remaining: Int { end - position }

    mutating func take<T: FixedWidthInteger>(_: T.Type) throws -> T {
        let width = MemoryLayout<T>.size
        guard width <= remaining else { throw fail("truncated") }
        defer { position += width }
        return (0..<width).reduce(T.zero) { $0 | T(truncatingIfNeeded: bytes[position + $1]) << (8 * $1) }
    }

    mutating func take(count: Int) throws -> [UInt8] {
        guard count >= 0, count <= remaining else { throw fail("truncated") }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    /// `count` values of a fixed-width numeric type from their raw little-endian bytes.
    mutating func takeRaw<T>(_: T.Type, count: Int) throws -> [T] {
        let width = MemoryLayout<T>.stride
        guard count >= 0, count <= remaining / width else { throw fail("truncated") }
        defer { position += count * width }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: source[position..<(position + count * width)]))
            }
            initialized = count
        }
    }
}
