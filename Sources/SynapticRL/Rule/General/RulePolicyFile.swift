import Foundation

/// The table of a general rule on disk, with the rule that gives its states meaning: versioned JSON, one state per
/// line, each naming its parts (layer, bias, sign, actions and rewards oldest first) beside its values q[0..<A].
/// The paper's rule keeps its own format (`PolicyFile`), which the authors' table is in.
public struct RulePolicyFile: Sendable, Equatable {
    public static let format = "synaptic-rl-rule-policy"
    public static let version = 1

    public var name: String
    public var description: String
    public var rule: SynapticRule
    public var table: RuleTable
    public var provenance: [String: String]

    public init(name: String, description: String, rule: SynapticRule, table: RuleTable, provenance: [String: String] = [:]) {
        (self.name, self.description, self.rule, self.table, self.provenance) = (name, description, rule, table, provenance)
    }

    private struct Entry: Codable, Equatable {
        var state: Int
        var layer: Int?
        var bias: Bool?
        var negative: Bool?
        var active: Bool?
        var actions: [Int]
        var rewards: [Int]
        var q: [Double]
    }

    private struct Envelope: Codable {
        var format: String
        var version: Int
        var name: String
        var description: String
        var provenance: [String: String]
        var layers: Int
        var rule: SynapticRule
        var states: [Entry]
    }

    /// The file's rule as a run applies it with no rule of its own: frozen (learning none), or with `adaptive` still
    /// learning (by the file's learner, or Q-learning with the paper's rate and discount where it had none).
    public func applied(adaptive: Bool) -> SynapticRule {
        var rule = self.rule
        if !adaptive { rule.learning = .none } else if !rule.learning.learns { rule.learning = SynapticRule().learning }
        return rule
    }

    /// Whether `data` is in this format (rather than `PolicyFile`'s).
    public static func isRulePolicy(_ data: Data) -> Bool {
        JSONValue.parse(data)?["format"]?.string == format
    }

    public static func load(from url: URL) throws -> RulePolicyFile {
        try read(from: url).file
    }

    /// The policy and the bytes it was decoded from, read once (a run record fingerprints what it applied).
    package static func read(from url: URL) throws -> (file: RulePolicyFile, bytes: Data) {
        let data = try AtomicFile.read(url, what: "policy file", limit: 256 << 20)  // 2^18 states of 5 values
        do {
            return (try decode(data), data)
        } catch let error as SynapticRLError {
            throw SynapticRLError.invalidPolicy("\(url.path): \(error.detail)")
        }
    }

    public static func decode(_ data: Data) throws -> RulePolicyFile {
        guard let root = JSONValue.parse(data), root.object != nil else { throw SynapticRLError.invalidPolicy("not a JSON object") }
        guard root["format"]?.string == format else {
            throw SynapticRLError.invalidPolicy("format is \(root["format"]?.summary ?? "missing"), expected \"\(format)\"")
        }
        guard let version = root["version"]?.integer, (1...Self.version).contains(version) else {
            throw SynapticRLError.invalidPolicy("unsupported version \(root["version"]?.summary ?? "none") (this engine reads 1...\(Self.version))")
        }
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: data)
        } catch let error as DecodingError {
            throw SynapticRLError.invalidPolicy(RuleFile.describe(error))
        }
        guard (1...1024).contains(envelope.layers) else {
            throw SynapticRLError.invalidPolicy("layers must be 1...1024, got \(envelope.layers)")
        }
        try envelope.rule.validate(layers: envelope.layers)
        let space = RuleStateSpace(rule: envelope.rule, layers: envelope.layers)
        guard envelope.states.count == space.stateCount else {
            throw SynapticRLError.invalidPolicy("the rule has \(space.stateCount) states, the file lists \(envelope.states.count)")
        }
        var values = [Double](repeating: 0, count: space.stateCount * space.actionCount)
        for (position, entry) in envelope.states.enumerated() {
            guard entry.state == position else {
                throw SynapticRLError.invalidPolicy("entry \(position) is state \(entry.state): states must come in order")
            }
            guard entry.q.count == space.actionCount, entry.q.allSatisfy(\.isFinite) else {
                throw SynapticRLError.invalidPolicy("state \(position): q must hold \(space.actionCount) finite numbers")
            }
            for action in 0..<space.actionCount { values[position * space.actionCount + action] = entry.q[action] }
        }
        return RulePolicyFile(name: envelope.name, description: envelope.description, rule: envelope.rule,
                              table: try RuleTable(space: space, values: values), provenance: envelope.provenance)
    }

    /// The JSON text: the header, then one state per line in state order.
    public func encoded() throws -> Data {
        let space = table.space
        let states = (0..<space.stateCount).map { state in
            let parts = space.describe(state: state)
            return Entry(state: state, layer: space.features.layerTables ? parts.layer : nil, bias: parts.isBias,
                         negative: parts.negative, active: parts.active, actions: parts.actions, rewards: parts.rewards,
                         q: Array(table.values[(state * space.actionCount)..<((state + 1) * space.actionCount)]))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func line(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        var lines = ["{",
                     " \"format\": \(try line(Self.format)),", " \"version\": \(Self.version),",
                     " \"name\": \(try line(name)),", " \"description\": \(try line(description)),",
                     " \"provenance\": \(try line(provenance)),", " \"layers\": \(space.layers),",
                     " \"rule\": \(try line(rule)),", " \"states\": ["]
        for (index, entry) in states.enumerated() {
            lines.append("  " + (try line(entry)) + (index == states.count - 1 ? "" : ","))
        }
        lines += [" ]", "}"]
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// Refuses a table with a NaN or infinity, which JSON cannot hold.
    public func save(to url: URL) throws {
        guard table.values.allSatisfy(\.isFinite) else {
            throw SynapticRLError.numerical("cannot write \(url.path): the table holds a non-finite value")
        }
        try AtomicFile.write(encoded(), to: url)
    }
}
