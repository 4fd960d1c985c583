/// How a `SynapticRule` learns its shared table from the rewards. Both learners update the one shared table in
/// place, synapse by synapse in canonical order, so later synapses see what earlier ones wrote (the authors'
/// semantics).
public enum RuleLearning: Sendable, Equatable, Codable {
    /// Q(s, a) += α_q · (R + γ · max_a' Q(s', a') − Q(s, a)) for every synapse after every iteration: the paper's
    /// adaptive mode.
    case qLearning(rate: Double, discount: Double)
    /// Q(s, a) += α_q · (R + γ · Q(s', a') − Q(s, a)), a' the action the synapse then takes: applied one
    /// iteration late, once a' is drawn (the last iteration's update is never applied).
    case sarsa(rate: Double, discount: Double)
    /// The table is applied frozen: the paper's static mode.
    case none

    public var name: String {
        switch self {
        case .qLearning: return "q-learning"
        case .sarsa: return "sarsa"
        case .none: return "none"
        }
    }

    public var learns: Bool { self != .none }

    /// α_q and γ of a learner (nil for none).
    public var rateAndDiscount: (rate: Double, discount: Double)? {
        switch self {
        case .qLearning(let rate, let discount), .sarsa(let rate, let discount): return (rate, discount)
        case .none: return nil
        }
    }

    func validate() throws {
        switch self {
        case .qLearning(let rate, let discount), .sarsa(let rate, let discount):
            guard rate.isFinite && rate > 0 && rate <= 1 else {
                throw SynapticRLError.invalidParameter("the learning rate must be in (0, 1], got \(rate)")
            }
            guard discount.isFinite && (0...1).contains(discount) else {
                throw SynapticRLError.invalidParameter("the discount γ must be in [0, 1], got \(discount)")
            }
        case .none: break
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, rate, discount }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "q-learning", "sarsa":
            let rate = try container.decodeIfPresent(Double.self, forKey: .rate) ?? 0.01
            let discount = try container.decodeIfPresent(Double.self, forKey: .discount) ?? 0.9
            self = kind == "sarsa" ? .sarsa(rate: rate, discount: discount) : .qLearning(rate: rate, discount: discount)
        case "none": self = .none
        default:
            throw RuleFile.unknown("learning kind", kind, known: ["q-learning", "sarsa", "none"],
                                   at: container.codingPath + [CodingKeys.kind])
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .kind)
        switch self {
        case .qLearning(let rate, let discount), .sarsa(let rate, let discount):
            try container.encode(rate, forKey: .rate)
            try container.encode(discount, forKey: .discount)
        case .none: break
        }
    }
}
