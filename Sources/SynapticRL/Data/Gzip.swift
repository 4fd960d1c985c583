import SystemZlib
import Foundation

/// gzip streams through zlib (WeightsFile.swift also imports it, for CRC-32).
public enum Gzip {
    /// Whether `data` starts with the gzip magic bytes 1f 8b.
    public static func isCompressed(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    }

    /// The decompressed bytes of one gzip stream; `what` names the file in errors.
    /// Far beyond any image set this engine trains on (notMNIST large is 0.4 GB unpacked): a corrupt or hostile
    /// stream is refused before it exhausts memory.
    static let largestOutput = 4 << 30

    public static func decompress(_ data: Data, what: String) throws -> Data {
        var stream = z_stream()
        // 16 + MAX_WBITS: expect a gzip header and trailer.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw SynapticRLError.io("\(what): zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        var status: Int32 = Z_OK
        try data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(input.count)
            repeat {
                let produced: Int = buffer.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(chunk)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return chunk - Int(stream.avail_out)
                }
                output.append(contentsOf: buffer[0..<produced])
                guard output.count <= largestOutput else {
                    throw SynapticRLError.invalidData("\(what): decompresses to more than \(largestOutput >> 30) GiB; refused")
                }
                if status == Z_BUF_ERROR && stream.avail_in == 0 {
                    throw SynapticRLError.invalidData("\(what): truncated gzip stream")
                }
                guard status == Z_OK || status == Z_STREAM_END else {
                    throw SynapticRLError.invalidData("\(what): corrupt gzip stream (zlib error \(status))")
                }
            } while status != Z_STREAM_END
        }
        return output
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
