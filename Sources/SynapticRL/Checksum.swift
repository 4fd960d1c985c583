import SystemZlib

/// The CRC-32 (zlib) that ends every binary run file: weights and checkpoints.
enum Checksum {
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        UInt32(bytes.withUnsafeBufferPointer { SystemZlib.crc32(0, $0.baseAddress, uInt($0.count)) })
    }

    /// Whether the last 4 bytes (little-endian) are the CRC-32 of the bytes before them.
    static func trailerMatches(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        let stored = bytes.suffix(4).enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
        return stored == crc32(Array(bytes.dropLast(4)))
    }
}
