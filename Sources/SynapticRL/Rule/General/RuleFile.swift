import Foundation

/// Rules on disk: versioned JSON, `{"format": "synaptic-rl-rule", "version": 1, "name": …, "rule": {…}}`, every
/// part of the rule optional (the default rule's part stands in). `docs/rules.md` lists the fields.
public struct RuleFile: Sendable, Equatable {
    public static let format = "synaptic-rl-rule"
    public static let version = 1

    public var name: String
    public var rule: SynapticRule

    public init(name: String, rule: SynapticRule) {
        (self.name, self.rule) = (name, rule)
    }

    public static func load(from url: URL) throws -> RuleFile {
        try read(from: url).file
    }

    /// The rule and the bytes it came from (a run record fingerprints what it applied).
    package static func read(from url: URL) throws -> (file: RuleFile, bytes: Data) {
        let data = try AtomicFile.read(url, what: "rule file", limit: 16 << 20)  // a fixed map of 2^18 states is ~1 MB
        do {
            return (try decode(data), data)
        } catch let error as SynapticRLError {
            throw SynapticRLError.invalidParameter("\(url.path): \(error.detail)")
        }
    }

    private struct Envelope: Codable {
        var format: String
        var version: Int
        var name: String?
        var rule: SynapticRule
    }

    public static func decode(_ data: Data) throws -> RuleFile {
        guard let root = JSONValue.parse(data), root.object != nil else {
            throw SynapticRLError.invalidParameter("not a JSON object")
        }
        guard root["format"]?.string == format else {
            throw SynapticRLError.invalidParameter("format is \(root["format"]?.summary ?? "missing"), expected \"\(format)\"")
        }
        guard let version = root["version"]?.integer, (1...Self.version).contains(version) else {
            throw SynapticRLError.invalidParameter(
                "unsupported version \(root["version"]?.summary ?? "none") (this engine reads 1...\(Self.version))")
        }
        do {
            let envelope = try JSONDecoder().decode(Envelope.self, from: data)
            try envelope.rule.validate()
            return RuleFile(name: envelope.name ?? "unnamed rule", rule: envelope.rule)
        } catch let error as DecodingError {
            throw SynapticRLError.invalidParameter(describe(error))
        }
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(Envelope(format: Self.format, version: Self.version, name: name, rule: rule))
    }

    /// A decoding error in one line: where in the file, and what.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            let names = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return names.isEmpty ? "the file" : String(names.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context): return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    /// The error for a name the format does not know.
    static func unknown(_ what: String, _ name: String, known: [String], at path: [CodingKey]) -> DecodingError {
        .dataCorrupted(.init(codingPath: path, debugDescription:
            "unknown \(what) \"\(name.prefix(40))\" (known: \(known.joined(separator: ", ")))"))
    }
}
