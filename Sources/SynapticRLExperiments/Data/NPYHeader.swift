import Foundation
import SynapticRL

/// The header of a .npy array ("\x93NUMPY", version, a dict of descr, fortran_order and shape), checked against
/// the bytes that follow it: integer dtypes only, C order, and a shape whose element count, computed with
/// overflow checks, fills exactly the bytes present, so that no caller allocates from an unchecked claim.
struct NPYHeader {
    let shape: [Int]
    /// Bytes per element.
    let width: Int
    let signed: Bool
    let bigEndian: Bool
    /// Where the elements start in the file.
    let dataStart: Int
    /// The element count, the shape's product.
    let count: Int

    /// The longest header this reads; numpy itself refuses headers over 10,000 bytes unless told otherwise.
    static let largestHeader = 1 << 16
    /// numpy's own most dimensions (NPY_MAXDIMS).
    static let largestRank = 32

    init(_ data: Data, what: String) throws {
        func fail(_ message: String) -> SynapticRLError { .invalidData("\(what): \(message)") }
        let bytes = [UInt8](data.prefix(12))
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
            throw fail("not a .npy array (wrong magic)")
        }
        let major = bytes[6]
        let lengthBytes = major == 1 ? 2 : 4
        guard (1...3).contains(major), bytes.count >= 8 + lengthBytes else { throw fail("unsupported .npy version \(major)") }
        let headerLength = (0..<lengthBytes).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        guard headerLength <= Self.largestHeader else { throw fail("a .npy header of \(headerLength) bytes is implausible") }
        dataStart = 8 + lengthBytes + headerLength
        guard data.count >= dataStart else { throw fail("truncated .npy header") }
        let header = String(decoding: data.dropFirst(8 + lengthBytes).prefix(headerLength), as: UTF8.self)
        guard let descr = Self.field("descr", in: header).map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: "'\" ")) }) else {
            throw fail("the .npy header has no descr")
        }
        guard Self.field("fortran_order", in: header)?.trimmingCharacters(in: .whitespaces) != "True" else {
            throw fail("Fortran-ordered arrays are not supported")
        }
        switch descr {
        case "|u1", "u1", "|b1": (width, signed, bigEndian) = (1, false, false)
        case "|i1", "i1": (width, signed, bigEndian) = (1, true, false)
        case "<u2", "<i2", "<u4", "<i4", "<u8", "<i8", ">u2", ">i2", ">u4", ">i4", ">u8", ">i8":
            (width, signed, bigEndian) = (Int(String(descr.last!))!, descr.contains("i"), descr.first == ">")
        default: throw fail("unsupported dtype \(descr.oneLine) (integer arrays only)")
        }
        shape = try Self.shape(in: header, fail: fail)
        var count = 1
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow else { throw fail("shape \(shape) has more elements than can be counted") }
            count = product
        }
        self.count = count
        let present = data.count - dataStart
        let (needed, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow, needed == present else {
            throw fail("shape \(shape) of \(descr) needs \(overflow ? "more than \(Int.max)" : String(needed)) bytes, found \(present)")
        }
    }

    /// The sizes of the header's `shape` tuple: "(N, rows, columns)", "(N,)" or "()", each a count ≥ 0.
    private static func shape(in header: String, fail: (String) -> SynapticRLError) throws -> [Int] {
        guard let key = header.range(of: "'shape'") ?? header.range(of: "\"shape\"") else {
            throw fail("the .npy header has no shape")
        }
        let rest = header[key.upperBound...].drop { $0 == ":" || $0 == " " }
        guard rest.first == "(", let close = rest.firstIndex(of: ")") else { throw fail("the .npy shape is not a tuple") }
        var items = rest[rest.index(after: rest.startIndex)..<close].split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if items.last == "" { items.removeLast() }  // "(N,)" and "()"
        guard items.count <= largestRank else { throw fail("a .npy shape of \(items.count) dimensions is implausible") }
        return try items.map { item in
            guard let size = Int(item), size >= 0 else {
                throw fail("the .npy shape (\(items.joined(separator: ", ").oneLine)) holds \"\(item.oneLine)\", not a size")
            }
            return size
        }
    }

    /// The text after `'name':` up to the next comma or brace.
    private static func field(_ name: String, in header: String) -> String? {
        guard let key = header.range(of: "'\(name)'") ?? header.range(of: "\"\(name)\"") else { return nil }
        let rest = header[key.upperBound...].drop { $0 == ":" || $0 == " " }
        return String(rest.prefix { $0 != "," && $0 != "}" })
    }
}
