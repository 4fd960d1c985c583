import Foundation
import SynapticRL

/// What a policy search varies, and how a point of its search space becomes a rule and a table.
///
/// A point is the shared table's values (states × 3 actions, in the paper's layout), then optionally ε, then a
/// step factor. Under the paper's ε-greedy policy only each state's greedy action matters, so the fitness is
/// piecewise constant in the values; under a Boltzmann policy (P(a) ∝ exp((Q(s, a) − max Q(s, ·)) / T), T = 1)
/// every value moves the action probabilities, which gives the search a slope where ε-greedy gives it plateaus.
/// ε is searched as a logit (ε = 1 / (1 + e^−x)), the step as a log factor on each task's own step (step · e^x), so
/// every coordinate is unbounded and its natural scale is about 1.
public struct PolicySearchSpace: Sendable, Equatable, Codable {
    /// The policy the candidates' tables are applied with.
    public enum Policy: String, Sendable, CaseIterable, Codable {
        case epsilonGreedy = "epsilon-greedy"
        case boltzmann
    }

    /// Where the search's mean starts.
    public enum Start: String, Sendable, CaseIterable, Codable {
        /// The authors' table, each state's values centred and all of them scaled to unit root mean square (the
        /// greedy map and the ranking within every state unchanged).
        case authors
        /// All zeros: every state's actions tied, so the first generation samples greedy maps uniformly.
        case zeros
    }

    public var policy = Policy.epsilonGreedy
    public var start = Start.authors
    /// Whether ε is a coordinate (else each task's default: 0.25 on boundaries, 0.1 on OCR, as the paper).
    public var searchesEpsilon = false
    /// Whether a step factor is a coordinate (else each task's default step: 1e-3 on boundaries, 1e-4 on OCR).
    public var searchesStep = false

    public init() {}

    /// The paper's table layout: 2 steps of history, 81 states, 243 values.
    public static let historyLength = 2
    public static var tableValueCount: Int { QTable(historyLength: historyLength).values.count }

    public var dimension: Int { Self.tableValueCount + (searchesEpsilon ? 1 : 0) + (searchesStep ? 1 : 0) }

    /// The search's starting mean.
    public func initialMean() throws -> [Double] {
        var mean = [Double](repeating: 0, count: dimension)
        guard start == .authors else { return mean }
        let values = try PolicyFile.authorsGolden().table.values
        let centred = stride(from: 0, to: values.count, by: QTable.actionCount).flatMap { base in
            let state = values[base..<(base + QTable.actionCount)]
            let average = state.reduce(0, +) / Double(QTable.actionCount)
            return state.map { $0 - average }
        }
        let rms = (centred.reduce(0) { $0 + $1 * $1 } / Double(centred.count)).squareRoot()
        for index in centred.indices { mean[index] = rms > 0 ? centred[index] / rms : 0 }
        if searchesEpsilon { mean[Self.tableValueCount] = Self.logit(0.25) }
        return mean
    }

    /// A point as the values, ε and step factor it stands for.
    public func decode(_ point: [Double]) throws -> PolicySearchCandidate {
        guard point.count == dimension, point.allSatisfy(\.isFinite) else {
            throw SynapticRLError.invalidParameter("a point of this search space has \(dimension) finite coordinates, got \(point.count)")
        }
        var next = Self.tableValueCount
        func take() -> Double {
            defer { next += 1 }
            return point[next]
        }
        let epsilon = searchesEpsilon ? 1 / (1 + exp(-take())) : nil
        // e^±20 bounds the factor, so a wild coordinate cannot make a step of zero or infinity.
        let stepFactor = searchesStep ? exp(min(max(take(), -20), 20)) : nil
        return PolicySearchCandidate(table: try QTable(historyLength: Self.historyLength, values: Array(point.prefix(Self.tableValueCount))),
                                     epsilon: epsilon, stepFactor: stepFactor)
    }

    static func logit(_ probability: Double) -> Double { log(probability / (1 - probability)) }

    /// The static rule a candidate is applied with on a task whose paper settings are `settings`.
    public func rule(for candidate: PolicySearchCandidate, settings: SynapticSettings) -> SynapticRule {
        var applied = settings
        applied.adaptive = false
        applied.threads = 1
        if let epsilon = candidate.epsilon { applied.epsilon = epsilon }
        if let factor = candidate.stepFactor { applied.step = Float(Double(settings.step) * factor) }
        var rule = SynapticRule(settings: applied)
        if policy == .boltzmann { rule.policy = .boltzmann }
        return rule
    }
}

/// One decoded point of a `PolicySearchSpace`.
public struct PolicySearchCandidate: Sendable, Equatable {
    /// The authors' table with each task's own ε and step: the reference every generation is also scored against.
    public static func authors() throws -> PolicySearchCandidate {
        PolicySearchCandidate(table: try PolicyFile.authorsGolden().table, epsilon: nil, stepFactor: nil)
    }

    /// The shared table, in the paper's layout.
    public let table: QTable
    /// ε, where the search varies it.
    public let epsilon: Double?
    /// The factor on each task's step, where the search varies it.
    public let stepFactor: Double?

    /// The table in `rule`'s state layout (the paper's for every rule a search makes).
    public func ruleTable(for rule: SynapticRule, layers: Int) throws -> RuleTable {
        try RuleTable(space: RuleStateSpace(rule: rule, layers: layers), paperTable: table)
    }
}
