import Foundation

/// One array in numpy's .npy format: "\x93NUMPY", version, a header dict (descr, fortran_order, shape),
/// then the data. Integer dtypes only (what image and label arrays use), C order.
public struct NPYArray: Equatable, Sendable {
    public let shape: [Int]
    /// The elements widened to Int64, C order.
    public let values: [Int64]

    public init(shape: [Int], values: [Int64]) {
        precondition(shape.reduce(1, *) == values.count, "shape and element count disagree")
        self.shape = shape
        self.values = values
    }

    public static func decode(_ data: Data, what: String) throws -> NPYArray {
        let bytes = [UInt8](data)
        func fail(_ message: String) -> SynapticRLError { .invalidData("\(what): \(message)") }
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
            throw fail("not a .npy array (wrong magic)")
        }
        let major = bytes[6]
        let lengthBytes = major == 1 ? 2 : 4
        guard (1...3).contains(major), bytes.count >= 8 + lengthBytes else { throw fail("unsupported .npy version \(major)") }
        let headerLength = (0..<lengthBytes).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        let dataStart = 8 + lengthBytes + headerLength
        guard bytes.count >= dataStart else { throw fail("truncated .npy header") }
        let header = String(decoding: bytes[(8 + lengthBytes)..<dataStart], as: UTF8.self)
        guard let descr = field("descr", in: header).map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: "'\" ")) }) else {
            throw fail("the .npy header has no descr")
        }
        guard field("fortran_order", in: header)?.trimmingCharacters(in: .whitespaces) != "True" else {
            throw fail("Fortran-ordered arrays are not supported")
        }
        guard let shapeText = header.range(of: #"\([0-9, ]*\)"#, options: .regularExpression).map({ header[$0] }) else {
            throw fail("the .npy header has no shape")
        }
        let shape = shapeText.dropFirst().dropLast().split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let count = shape.reduce(1, *)
        let (width, signed, bigEndian): (Int, Bool, Bool)
        switch descr {
        case "|u1", "u1": (width, signed, bigEndian) = (1, false, false)
        case "|i1", "i1": (width, signed, bigEndian) = (1, true, false)
        case "|b1": (width, signed, bigEndian) = (1, false, false)
        case "<u2", "<i2", "<u4", "<i4", "<u8", "<i8", ">u2", ">i2", ">u4", ">i4", ">u8", ">i8":
            (width, signed, bigEndian) = (Int(String(descr.last!))!, descr.contains("i"), descr.first == ">")
        default: throw fail("unsupported dtype \(descr) (integer arrays only)")
        }
        guard bytes.count - dataStart == count * width else {
            throw fail("shape \(shape) of \(descr) needs \(count * width) bytes, found \(bytes.count - dataStart)")
        }
        var values = [Int64](repeating: 0, count: count)
        for index in 0..<count {
            var raw: UInt64 = 0
            for byte in 0..<width {
                let position = dataStart + index * width + (bigEndian ? width - 1 - byte : byte)
                raw |= UInt64(bytes[position]) << (8 * UInt64(byte))
            }
            let shift = UInt64(64 - 8 * width)
            values[index] = signed ? Int64(bitPattern: raw << shift) >> Int64(shift) : Int64(bitPattern: raw)
        }
        return NPYArray(shape: shape, values: values)
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

    private static func field(_ name: String, in header: String) -> String? {
        guard let key = header.range(of: "'\(name)'") ?? header.range(of: "\"\(name)\"") else { return nil }
        let rest = header[key.upperBound...].drop { $0 == ":" || $0 == " " }
        return String(rest.prefix { $0 != "," && $0 != "}" })
    }
}
