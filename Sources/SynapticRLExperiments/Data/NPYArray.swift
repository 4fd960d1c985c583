import Foundation
import SynapticRL

/// One array in numpy's .npy format: "\x93NUMPY", version, a header dict (descr, fortran_order, shape),
/// then the data. Integer dtypes only (what image and label arrays use), C order.
package struct NPYArray: Equatable, Sendable {
    public let shape: [Int]
    /// The elements widened to Int64, C order.
    public let values: [Int64]

    public init(shape: [Int], values: [Int64]) {
        precondition(shape.reduce(1, *) == values.count, "shape and element count disagree")
        self.shape = shape
        self.values = values
    }

    /// The array of `data`, every header claim checked first; widened, it may take 8 bytes per input byte
    /// (NPZDataset reads through `decodeBytes`, which does not widen).
    public static func decode(_ data: Data, what: String) throws -> NPYArray {
        let header = try NPYHeader(data, what: what)
        let values = data.dropFirst(header.dataStart).withUnsafeBytes {
            widened($0, count: header.count, width: header.width, signed: header.signed, bigEndian: header.bigEndian)
        }
        return NPYArray(shape: header.shape, values: values)
    }

    /// The shape and elements of an integer array whose every element lies in 0...255, one byte each whatever
    /// the dtype, so that memory never exceeds the file's size (images and labels need no more).
    static func decodeBytes(_ data: Data, what: String) throws -> (shape: [Int], bytes: [UInt8]) {
        let header = try NPYHeader(data, what: what)
        if header.width == 1 && !header.signed { return (header.shape, [UInt8](data.dropFirst(header.dataStart))) }
        var bytes = [UInt8](repeating: 0, count: header.count)
        let outside: Int64? = data.dropFirst(header.dataStart).withUnsafeBytes { raw in
            for index in 0..<header.count {
                let value = element(raw, at: index, width: header.width, signed: header.signed, bigEndian: header.bigEndian)
                guard (0...255).contains(value) else { return value }
                bytes[index] = UInt8(value)
            }
            return nil
        }
        if let outside { throw SynapticRLError.invalidData("\(what): element \(outside) is outside 0...255") }
        return (header.shape, bytes)
    }

    /// `count` integers of `width` bytes from `raw`, sign- or zero-extended to Int64.
    private static func widened(_ raw: UnsafeRawBufferPointer, count: Int, width: Int, signed: Bool, bigEndian: Bool) -> [Int64] {
        (0..<count).map { element(raw, at: $0, width: width, signed: signed, bigEndian: bigEndian) }
    }

    /// Element `index` of `raw` (integers of `width` bytes), sign- or zero-extended to Int64.
    private static func element(_ raw: UnsafeRawBufferPointer, at index: Int, width: Int, signed: Bool, bigEndian: Bool) -> Int64 {
        var value: UInt64 = 0
        for byte in 0..<width {
            value |= UInt64(raw[index * width + (bigEndian ? width - 1 - byte : byte)]) << (8 * UInt64(byte))
        }
        let shift = UInt64(64 - 8 * width)
        return signed ? Int64(bitPattern: value << shift) >> Int64(shift) : Int64(bitPattern: value)
    }

    /// The .npy bytes of an unsigned-byte array (tests write fixtures with it).
    public func encodedUInt8() -> Data {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '|u1', 'fortran_order': False, 'shape': \(shapeText), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
        bytes += Array(header.utf8)
        bytes += values.map { UInt8(truncatingIfNeeded: $0) }
        return Data(bytes)
    }
}
