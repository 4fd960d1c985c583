import Foundation
import SynapticRL
import SystemZlib

/// gzip streams through zlib (RunFiles/Checksum.swift also imports it, for CRC-32).
package enum Gzip {
    /// Whether `data` starts with the gzip magic bytes 1f 8b.
    public static func isCompressed(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    }

    /// The default most bytes `decompress` returns. Far beyond any image set this engine trains on (notMNIST
    /// large is 0.4 GB unpacked): a corrupt or hostile stream is refused before it exhausts memory.
    public static let largestOutput = 4 << 30

    /// Output is produced and checked in pieces of this size, so a refusal comes at most this far past a limit.
    static let chunkSize = 1 << 16

    /// The decompressed bytes of `data`, refused as soon as they would exceed `limit` bytes; `what` names the
    /// file in errors. Several members back to back (`cat a.gz b.gz`) give their concatenation, as with gzip(1).
    /// `inspect` sees the output so far after each piece and may refuse it (a format whose header, once
    /// inflated, says how long the rest is).
    public static func decompress(_ data: Data, what: String, limit: Int = largestOutput,
                                  inspect: (Data) throws -> Void = { _ in }) throws -> Data {
        var output = Data()
        try inflate(data, what: what) { chunk in
            guard chunk.count <= limit - output.count else {
                throw SynapticRLError.invalidData("\(what): decompresses to more than \(limit) bytes; refused")
            }
            output.append(contentsOf: chunk)
            try inspect(output)
        }
        return output
    }

    /// Inflates every member of `data`, handing the output to `body` in pieces of at most `chunkSize` bytes (valid
    /// only during the call), so that a caller can refuse the stream before it holds more than it accepts.
    /// After the last member only zero bytes may follow (the padding some tape and block tools add; gzip(1)
    /// ignores it too); anything else there is refused, not silently dropped.
    static func inflate(_ data: Data, what: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try withInflateStream(what: what) { stream in
            var buffer = [UInt8](repeating: 0, count: chunkSize)
            try data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
                var fed = 0
                while true {
                    fed += feed(stream, from: input, at: fed)
                    let (status, produced) = inflateOnce(stream, into: &buffer)
                    if produced > 0 { try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[..<produced])) } }
                    switch status {
                    case Z_OK:
                        continue
                    case Z_STREAM_END:
                        let rest = input[(fed - Int(stream.pointee.avail_in))...]
                        if rest.allSatisfy({ $0 == 0 }) { return }
                        guard rest.starts(with: [0x1F, 0x8B]) else {
                            throw SynapticRLError.invalidData("\(what): \(rest.count) bytes after the gzip stream are neither a gzip member nor zero padding")
                        }
                        inflateReset(stream)
                    case Z_BUF_ERROR where stream.pointee.avail_in == 0 && fed == input.count:
                        throw SynapticRLError.invalidData("\(what): truncated gzip stream")
                    default:
                        throw SynapticRLError.invalidData("\(what): corrupt gzip stream (zlib error \(status))")
                    }
                }
            }
        }
    }

    /// A zlib inflate stream for gzip input (header and trailer expected), at a fixed address as zlib requires.
    private static func withInflateStream(what: String, _ body: (UnsafeMutablePointer<z_stream>) throws -> Void) throws {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        // 16 + MAX_WBITS: expect a gzip header and trailer.
        guard inflateInit2_(stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw SynapticRLError.io("\(what): zlib could not start")
        }
        defer { inflateEnd(stream) }
        try body(stream)
    }

    /// Points an input-starved stream at the next slice of `input` from `offset` (zlib counts input in 32 bits,
    /// so a file over 4 GiB goes in slices); returns how many bytes were newly handed over.
    private static func feed(_ stream: UnsafeMutablePointer<z_stream>, from input: UnsafeRawBufferPointer, at offset: Int) -> Int {
        guard stream.pointee.avail_in == 0, offset < input.count else { return 0 }
        let count = min(input.count - offset, Int(UInt32.max))
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.advanced(by: offset).assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(count)
        return count
    }

    /// One `inflate` call into `buffer`: zlib's status and how many bytes it wrote.
    private static func inflateOnce(_ stream: UnsafeMutablePointer<z_stream>, into buffer: inout [UInt8]) -> (Int32, Int) {
        buffer.withUnsafeMutableBufferPointer { out in
            stream.pointee.next_out = out.baseAddress
            stream.pointee.avail_out = uInt(out.count)
            let status = SystemZlib.inflate(stream, Z_NO_FLUSH)
            return (status, out.count - Int(stream.pointee.avail_out))
        }
    }

    /// `data` as one gzip stream (tests write .gz fixtures with it).
    public static func compress(_ data: Data) throws -> Data {
        var stream = z_stream()
        guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw SynapticRLError.io("zlib could not start compressing")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))) + 64)
        let written: Int = data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                _ = deflate(&stream, Z_FINISH)
                return out.count - Int(stream.avail_out)
            }
        }
        return Data(output[0..<written])
    }
}
