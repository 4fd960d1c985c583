import Foundation

/// A JSON document as a plain tree, decoded by JSONDecoder: its numbers round-trip Double exactly, whereas
/// JSONSerialization on Linux hands decimals back as NSDecimalNumber, whose doubleValue is off by ulps.
enum JSONValue: Decodable, Equatable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    static func parse(_ data: Data) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: data)
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    var object: [String: JSONValue]? { if case .object(let fields) = self { return fields }; return nil }
    var array: [JSONValue]? { if case .array(let items) = self { return items }; return nil }
    var string: String? { if case .string(let text) = self { return text }; return nil }
    var double: Double? { if case .number(let value) = self { return value }; return nil }

    /// The value as an integer, if it is a number without a fractional part.
    var integer: Int? {
        guard let value = double, value.rounded() == value, abs(value) < 0x1p52 else { return nil }
        return Int(value)
    }

    /// A short rendering for error messages.
    var summary: String {
        switch self {
        case .number(let value): return "\(value)"
        case .string(let text): return "\"\(text.prefix(40))\""
        case .bool(let value): return "\(value)"
        case .array: return "an array"
        case .object: return "an object"
        case .null: return "null"
        }
    }
}
