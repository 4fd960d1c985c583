import SynapticRL
import SystemZlib

/// The CRC-32 (zlib) that ends every binary run file: weights and checkpoints.
enum Checksum {
    /// zlib's length argument is 32 bits: a checkpoint of many trials passes 4 GiB, so the bytes go in 1 GiB pieces.
    static func crc32(_ bytes: [UInt8], piece: Int = 1 << 30) -> UInt32 {
        bytes.withUnsafeBufferPointer { crc32($0, piece: piece) }
    }

    private static func crc32(_ buffer: UnsafeBufferPointer<UInt8>, piece: Int = 1 << 30) -> UInt32 {
        var crc: uLong = 0
        for start in stride(from: 0, to: buffer.count, by: piece) {
            crc = SystemZlib.crc32(crc, buffer.baseAddress! + start, uInt(min(piece, buffer.count - start)))
        }
        return UInt32(crc)
    }

    /// Whether the last 4 bytes (little-endian) are the CRC-32 of the bytes before them.
    static func trailerMatches(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        let stored = bytes.suffix(4).enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
        return stored == bytes.withUnsafeBufferPointer { crc32(UnsafeBufferPointer(rebasing: $0.dropLast(4))) }  // no copy
    }
}
