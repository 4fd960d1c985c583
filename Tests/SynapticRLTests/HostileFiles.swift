import Foundation
import SystemZlib
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// Builders of the hostile inputs the reader tests hold: tar headers with any size claim, and gzip streams of
/// gigabytes of zeros written without ever holding (or compressing) gigabytes.
enum HostileFiles {
    /// A 512-byte ustar header for the regular file `name` claiming `size` bytes. Sizes of 8 GiB and more do not
    /// fit the 11 octal digits, so they go in GNU's base-256 form (first byte 0x80), which libarchive reads.
    static func tarHeader(name: String, size: Int) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int) { header.replaceSubrange(offset..<(offset + text.utf8.count), with: Array(text.utf8)) }
        put(name, at: 0)
        put("0000644", at: 100)
        put("0000000", at: 108)
        put("0000000", at: 116)
        if size < 1 << 33 {
            put(String(format: "%011o", size), at: 124)
        } else {
            header[124] = 0x80
            for byte in 0..<8 { header[135 - byte] = UInt8(truncatingIfNeeded: size >> (8 * byte)) }
        }
        put("00000000000", at: 136)
        header[156] = UInt8(ascii: "0")
        put("ustar", at: 257)
        put("00", at: 263)
        put("        ", at: 148)  // the checksum is summed with its own field as spaces
        let sum = header.reduce(0) { $0 + Int($1) }
        put(String(format: "%06o", sum), at: 148)
        header[154] = 0
        return header
    }

    /// A tar of `entries`, as tar(1) writes one: each header, its bytes padded to 512, then two zero blocks.
    static func tar(_ entries: [(name: String, bytes: [UInt8])]) -> [UInt8] {
        var tar: [UInt8] = []
        for (name, bytes) in entries {
            tar += tarHeader(name: name, size: bytes.count) + bytes
            tar += [UInt8](repeating: 0, count: (512 - bytes.count % 512) % 512)
        }
        return tar + [UInt8](repeating: 0, count: 1024)
    }

    /// A gzip member of `prefix` then `zeroCount` zero bytes, ~1 KB per MiB of zeros. The deflate data is made of
    /// segments from fresh compressors, each ending on a byte boundary (Z_FULL_FLUSH) and referring only to its
    /// own bytes, so they may be concatenated; the one segment of 1 MiB of zeros is compressed once and repeated.
    static func gzip(prefix: [UInt8], zeroCount: Int) -> Data {
        let chunk = 1 << 20
        let zeros = [UInt8](repeating: 0, count: chunk)
        let zeroSegment = deflateSegment(zeros, final: false)
        var output = Data([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3])  // magic, deflate, no flags, no time, Unix
        output += deflateSegment(prefix, final: false)
        var crc = crc32(0, prefix, uInt(prefix.count))
        let chunkCRC = crc32(0, zeros, uInt(chunk))
        for _ in 0..<(zeroCount / chunk) {
            output += zeroSegment
            crc = crc32_combine(crc, chunkCRC, off_t(chunk))
        }
        let rest = zeroCount % chunk
        output += deflateSegment([UInt8](repeating: 0, count: rest), final: true)
        crc = crc32_combine(crc, crc32(0, zeros, uInt(rest)), off_t(rest))
        for value in [UInt32(truncatingIfNeeded: crc), UInt32(truncatingIfNeeded: prefix.count + zeroCount)] {
            output += (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) }
        }
        return output
    }

    /// Raw deflate blocks of `bytes` from a fresh compressor: the final block, or non-final ones ending byte-aligned.
    private static func deflateSegment(_ bytes: [UInt8], final: Bool) -> Data {
        var stream = z_stream()
        precondition(deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                                   ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 64)
        let written: Int = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                let status = deflate(&stream, final ? Z_FINISH : Z_FULL_FLUSH)
                precondition(status == (final ? Z_STREAM_END : Z_OK) && stream.avail_in == 0)
                return out.count - Int(stream.avail_out)
            }
        }
        return Data(output[..<written])
    }
}
