/// The global reward R of an iteration from the loss before (L) and after (L') its moves, under a
/// `SynapticRule`. The synapses' reward histories remember the sign of R (−1, 0, +1).
public enum RuleReward: Sendable, Equatable, Codable {
    /// R = +1 if L' < L, else −1 (a tie is penalised): the paper's and the authors' rule.
    case strictDecrease
    /// R = +1 if L' < L, −1 if L' > L, 0 on a tie.
    case tiesNeutral
    /// With the relative change ρ = (L' − L) / |L|: R = +1 if ρ < −τ, −1 if ρ > τ, else 0.
    case thresholded(tau: Double)
    /// R = −ρ clipped to [−1, 1]: a fall of 1% is worth +0.01.
    case graded

    /// R for a loss that went from `previous` to `new`.
    public func reward(previous: Double, new: Double) -> Double {
        switch self {
        case .strictDecrease:
            return new < previous ? 1 : -1
        case .tiesNeutral:
            return new < previous ? 1 : (new > previous ? -1 : 0)
        case .thresholded(let tau):
            let change = Self.relativeChange(previous: previous, new: new)
            return change < -tau ? 1 : (change > tau ? -1 : 0)
        case .graded:
            return -min(max(Self.relativeChange(previous: previous, new: new), -1), 1)
        }
    }

    /// (L' − L) / |L|; from L = 0 any rise is +∞ and no change is 0.
    static func relativeChange(previous: Double, new: Double) -> Double {
        let change = new - previous
        guard previous != 0 else { return change > 0 ? .infinity : (change < 0 ? -.infinity : 0) }
        return change / abs(previous)
    }

    public var name: String {
        switch self {
        case .strictDecrease: return "strict-decrease"
        case .tiesNeutral: return "ties-neutral"
        case .thresholded: return "thresholded"
        case .graded: return "graded"
        }
    }

    func validate() throws {
        if case .thresholded(let tau) = self, !(tau.isFinite && tau >= 0) {
            throw SynapticRLError.invalidParameter("the thresholded reward needs a finite τ ≥ 0, got \(tau)")
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, tau }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "strict-decrease": self = .strictDecrease
        case "ties-neutral": self = .tiesNeutral
        case "thresholded": self = .thresholded(tau: try container.decode(Double.self, forKey: .tau))
        case "graded": self = .graded
        default:
            throw RuleFile.unknown("reward kind", kind, known: ["strict-decrease", "ties-neutral", "thresholded", "graded"],
                                   at: container.codingPath + [CodingKeys.kind])
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .kind)
        if case .thresholded(let tau) = self { try container.encode(tau, forKey: .tau) }
    }
}
