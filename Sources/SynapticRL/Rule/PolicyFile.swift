import Foundation

/// Policies on disk: versioned JSON, one state per line, in the authors' field layout generalised to any
/// history length: a{n}…a1 are the actions at t−n…t−1, r{n}…r1 the rewards, q = [Q(−), Q(0), Q(+)].
/// A file without "format" is read as the authors' layout (version 0), so their table loads unchanged.
public struct PolicyFile: Sendable {
    public static let format = "synaptic-rl-policy"
    public static let version = 1

    public var name: String
    public var description: String
    public var table: QTable
    /// Free-form facts about where the table came from (seed, iterations, export rule...).
    public var provenance: [String: String]

    public init(name: String, description: String, table: QTable, provenance: [String: String] = [:]) {
        self.name = name
        self.description = description
        self.table = table
        self.provenance = provenance
    }

    /// The Q-table the paper's authors learned on the 2-D task and applied in every notMNIST run
    /// (`src/golden_pol2cy.jld2` of their public repository amanb2000/SynRL), bundled as a resource.
    public static func authorsGolden() throws -> PolicyFile {
        try load(from: authorsGoldenURL())
    }

    /// The bundled resource behind `authorsGolden()`, for a run record that fingerprints the bytes it applied.
    package static func authorsGoldenURL() throws -> URL {
        try resourceURL("authors-golden-policy", what: "the authors' policy")
    }

    /// The table `synrl evolve` found on 2-D boundary tasks alone (README, "Searching for the table that trains
    /// best"), bundled beside the authors': on held-out 2-D boundaries and on Fashion-MNIST 784-10 it trained faster
    /// and further than theirs. Apply it statically with the ε-greedy policy, as theirs.
    public static func evolvedOnBoundaries() throws -> PolicyFile {
        try load(from: resourceURL("evolved-2d-policy", what: "the evolved policy"))
    }

    private static func resourceURL(_ name: String, what: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json") else {
            throw SynapticRLError.io("the bundled \(what) is missing from the package resources")
        }
        return url
    }

    public static func load(from url: URL) throws -> PolicyFile {
        try read(from: url).file
    }

    /// The policy and the bytes it was decoded from, read once: a run record fingerprints exactly what it applied.
    package static func read(from url: URL) throws -> (file: PolicyFile, bytes: Data) {
        let data = try AtomicFile.read(url, what: "policy file", limit: 64 << 20)  // a history-5 policy is ~6 MB
        do {
            return (try decode(data), data)
        } catch let error as SynapticRLError {
            throw SynapticRLError.invalidPolicy("\(url.path): \(error.detail)")
        }
    }

    public static func decode(_ data: Data) throws -> PolicyFile {
        func fail(_ message: String) -> SynapticRLError { .invalidPolicy(message) }
        guard let root = JSONValue.parse(data), root.object != nil else { throw fail("not a JSON object") }
        if let format = root["format"] {
            guard format.string == Self.format else { throw fail("format is \(format.summary), expected \(Self.format)") }
            guard let version = root["version"]?.integer, (1...Self.version).contains(version) else {
                throw fail("unsupported version \(root["version"]?.summary ?? "none") (this engine reads 1...\(Self.version))")
            }
        }
        guard let length = root["historyLength"]?.integer, (1...HistoryCoding.maximumLength).contains(length) else {
            throw fail("historyLength must be an integer in 1...\(HistoryCoding.maximumLength)")
        }
        guard let states = root["states"]?.array, states.allSatisfy({ $0.object != nil }) else {
            throw fail("no \"states\" array of objects")
        }
        let coding = HistoryCoding(length: length)
        let stateCount = coding.codeCount * coding.codeCount
        guard states.count == stateCount else {
            throw fail("a history of \(length) needs \(stateCount) states, found \(states.count)")
        }
        var values = [Double](repeating: 0, count: stateCount * QTable.actionCount)
        var seen = [Bool](repeating: false, count: stateCount)
        for (position, entry) in states.enumerated() {
            var actionSymbols: [UInt8] = []
            var rewardSymbols: [UInt8] = []
            for age in stride(from: length, through: 1, by: -1) {
                guard let action = entry["a\(age)"]?.integer, (0...2).contains(action),
                      let reward = entry["r\(age)"]?.integer, (0...2).contains(reward) else {
                    throw fail("state \(position): a\(age) and r\(age) must be integers in 0...2")
                }
                actionSymbols.append(UInt8(action))
                rewardSymbols.append(UInt8(reward))
            }
            let numbers = entry["q"]?.array?.compactMap(\.double) ?? []
            guard numbers.count == QTable.actionCount, entry["q"]?.array?.count == QTable.actionCount,
                  numbers.allSatisfy(\.isFinite) else {
                throw fail("state \(position): q must hold \(QTable.actionCount) finite numbers")
            }
            let index = Int(coding.code(of: actionSymbols)) * coding.codeCount + Int(coding.code(of: rewardSymbols))
            guard !seen[index] else { throw fail("state \(position) repeats an earlier state") }
            seen[index] = true
            for action in 0..<QTable.actionCount { values[index * QTable.actionCount + action] = numbers[action] }
        }
        let table = try QTable(historyLength: length, values: values)
        let provenance = root["provenance"]?.object?.compactMapValues { $0.string ?? $0.double.map { "\($0)" } } ?? [:]
        return PolicyFile(name: root["name"]?.string ?? "unnamed", description: root["description"]?.string ?? "",
                          table: table, provenance: provenance)
    }

    /// The JSON text: header fields, then one state per line in state-index order.
    public func encoded() -> Data {
        func quoted(_ text: String) -> String {
            let data = try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
            return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
        }
        let coding = table.coding
        var lines = [
            "{",
            " \"format\": \(quoted(Self.format)),",
            " \"version\": \(Self.version),",
            " \"name\": \(quoted(name)),",
            " \"description\": \(quoted(description)),",
            " \"historyLength\": \(coding.length),",
            " \"actionCodes\": {\"0\": \"decrement (-step)\", \"1\": \"null (0)\", \"2\": \"increment (+step)\"},",
            " \"rewardCodes\": {\"0\": \"-1 (loss did not decrease)\", \"1\": \"neutral (no reward yet)\", \"2\": \"+1 (loss decreased)\"},",
            " \"provenance\": {" + provenance.keys.sorted().map { "\(quoted($0)): \(quoted(provenance[$0]!))" }
                .joined(separator: ", ") + "},",
            " \"states\": [",
        ]
        for state in 0..<table.stateCount {
            let actions = coding.symbols(of: UInt8(state / coding.codeCount))
            let rewards = coding.symbols(of: UInt8(state % coding.codeCount))
            var fields: [String] = []
            for (offset, age) in stride(from: coding.length, through: 1, by: -1).enumerated() {
                fields.append("\"a\(age)\": \(actions[offset])")
            }
            for (offset, age) in stride(from: coding.length, through: 1, by: -1).enumerated() {
                fields.append("\"r\(age)\": \(rewards[offset])")
            }
            let q = (0..<QTable.actionCount).map { "\(table.values[state * QTable.actionCount + $0])" }
            fields.append("\"q\": [\(q.joined(separator: ", "))]")
            let separator = state == table.stateCount - 1 ? "" : ","
            lines.append("  {\(fields.joined(separator: ", "))}\(separator)")
        }
        lines.append(" ]")
        lines.append("}")
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// Refuses a table with a NaN or infinity: JSON has no literal for one, and no reader could load it back.
    public func save(to url: URL) throws {
        guard table.values.allSatisfy(\.isFinite) else {
            throw SynapticRLError.numerical("cannot write \(url.path): the Q-table holds a non-finite value")
        }
        try AtomicFile.write(encoded(), to: url)
    }
}
