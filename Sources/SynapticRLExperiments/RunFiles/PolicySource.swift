import Foundation
import SynapticRL

/// Which table a synaptic-RL run applied (static) or started learning from (adaptive), as its configuration.json
/// records it under `policy`: the policy file's `name`, its `path` and the SHA-256 of its bytes, so a reader can
/// tell, with `sha256sum FILE`, whether a table in hand is the one the run used.
public struct PolicySource: Sendable, Equatable, Codable {
    /// The policy file's `name` field.
    public var name: String
    /// The file's absolute path; `builtInPath` for the authors' golden table bundled with the library; nil for a
    /// table a library caller set in memory (no file).
    public var path: String?
    /// The SHA-256 of the file's bytes (of the bundled resource for the built-in table), 64 lowercase hex digits
    /// as `sha256sum` prints them; nil for a table set in memory.
    public var sha256: String?

    /// The `path` of the authors' golden table, which ships inside the library rather than as a file of the user's.
    public static let builtInPath = "built-in"

    public init(name: String, path: String?, sha256: String?) {
        (self.name, self.path, self.sha256) = (name, path, sha256)
    }

    /// A policy file read once: its table, and where it came from.
    public static func load(from url: URL) throws -> (policy: PolicyFile, source: PolicySource) {
        let (policy, bytes) = try PolicyFile.read(from: url)
        return (policy, PolicySource(name: policy.name, path: url.standardizedFileURL.path, sha256: FileDigest.sha256Hex(of: bytes)))
    }

    /// The authors' golden table (`PolicyFile.authorsGolden()`) and its source, path `builtInPath`.
    public static func authorsGolden() throws -> (policy: PolicyFile, source: PolicySource) {
        let (policy, bytes) = try PolicyFile.read(from: try PolicyFile.authorsGoldenURL())
        return (policy, PolicySource(name: policy.name, path: builtInPath, sha256: FileDigest.sha256Hex(of: bytes)))
    }

    /// What a run records for the table it starts from: the built-in table where it was given none (the run
    /// applies that), else `source`, or, where the caller named none, a table set in memory.
    static func recorded(_ source: PolicySource?, givenTable: Bool) throws -> PolicySource {
        guard givenTable else { return try authorsGolden().source }
        return source ?? inMemory
    }

    /// A table a library caller set without naming its source: no file, so no path and no digest.
    static let inMemory = PolicySource(name: "set in memory by the caller", path: nil, sha256: nil)
}

extension PolicySource {
    /// A rule file read once, and its record (the same three facts: name, path, SHA-256 of the bytes).
    public static func loadRule(from url: URL) throws -> (file: RuleFile, source: PolicySource) {
        let (file, bytes) = try RuleFile.read(from: url)
        return (file, PolicySource(name: file.name, path: url.standardizedFileURL.path, sha256: FileDigest.sha256Hex(of: bytes)))
    }
}

extension PolicySource {
    /// A policy file of either format: the paper's (`PolicyFile`) or a general rule's (`RulePolicyFile`).
    public enum Loaded: Sendable {
        case paper(PolicyFile)
        case rule(RulePolicyFile)
    }

    /// Whichever format the file is in, told by its "format" field, read once with its record.
    public static func loadEither(from url: URL) throws -> (policy: Loaded, source: PolicySource) {
        let bytes = try AtomicFile.read(url, what: "policy file", limit: 256 << 20)  // 2^18 states of 5 values
        let loaded: Loaded
        do {
            loaded = RulePolicyFile.isRulePolicy(bytes) ? .rule(try RulePolicyFile.decode(bytes)) : .paper(try PolicyFile.decode(bytes))
        } catch let error as SynapticRLError {
            throw SynapticRLError.invalidPolicy("\(url.path): \(error.detail)")
        }
        let name = { switch loaded { case .paper(let file): return file.name; case .rule(let file): return file.name } }()
        return (loaded, PolicySource(name: name, path: url.standardizedFileURL.path, sha256: FileDigest.sha256Hex(of: bytes)))
    }
}
