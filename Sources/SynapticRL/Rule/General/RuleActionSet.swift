/// The moves a synapse can make under a `SynapticRule`. Actions are numbered 0..<count from the most negative;
/// `level(of:)` is the signed multiple of α_s each one means.
public enum RuleActionSet: String, Sendable, Equatable, Codable, CaseIterable {
    /// {−α_s, 0, +α_s} added to the weight: the paper's and the authors' moves.
    case ternary
    /// {−2, −1, 0, +1, +2} · α_s added to the weight.
    case fiveLevel = "five-level"
    /// w ← w · (1 + c · α_s), c in {−1, 0, +1}: the journal's printed update. The authors' code adds instead
    /// (w ← w + c · α_s), which is `ternary`; a weight at 0 never leaves it under this rule.
    case multiplicative

    public var count: Int { self == .fiveLevel ? 5 : 3 }

    /// The action that leaves the weight where it is.
    public var none: Int { count / 2 }

    /// c of action `action`: −2…2 or −1…1.
    @inline(__always)
    public func level(of action: Int) -> Int { action - none }

    /// Whether a move adds a multiple of α_s (so the exact incremental first layer can count it).
    public var isAdditive: Bool { self != .multiplicative }
}
