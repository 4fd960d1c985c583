import Foundation

/// How a rule's ε, temperature or step α_s moves over a run; iterations count from 1.
public enum RuleSchedule<Value: BinaryFloatingPoint & Codable & Sendable>: Sendable, Equatable, Codable {
    public struct Change: Sendable, Equatable, Codable {
        public var iteration: Int
        public var factor: Value
        public init(iteration: Int, factor: Value) { (self.iteration, self.factor) = (iteration, factor) }
    }

    /// The same value throughout.
    case constant(Value)
    /// `start` times every factor whose iteration has come (`--step-schedule` "60000:0.5"): the factors multiply
    /// in iteration order, exactly as `StepSchedule` does.
    case piecewise(start: Value, changes: [Change])
    /// From `from` at iteration 1 to `to` at iteration `iterations` + 1, then `to`.
    case linear(from: Value, to: Value, iterations: Int)
    /// from · rate^(t − 1), never below `minimum`.
    case exponential(from: Value, rate: Value, minimum: Value)
    /// The step only (the 1/5 success rule of evolution strategies): after every `window` iterations, × factor if
    /// the window's share of +1 rewards was above `target`, ÷ factor if below, kept within [minimum, maximum].
    case adaptive(start: Value, target: Double, factor: Value, window: Int, minimum: Value, maximum: Value)

    /// The value in force at the start (iteration 1).
    public var initialValue: Value {
        switch self {
        case .constant(let value): return value
        case .piecewise(let start, _), .adaptive(let start, _, _, _, _, _): return value(at: 1, adapted: start)
        case .linear(let from, _, _), .exponential(let from, _, _): return from
        }
    }

    /// The value at (1-based) `iteration`; `adapted` is where an adaptive schedule stands (`RuleScheduleState`).
    public func value(at iteration: Int, adapted: Value) -> Value {
        switch self {
        case .constant(let value):
            return value
        case .piecewise(let start, let changes):
            return changes.reduce(start) { iteration >= $1.iteration ? $0 * $1.factor : $0 }
        case .linear(let from, let to, let iterations):
            let progress = Value(min(max(iteration - 1, 0), iterations)) / Value(iterations)
            return from + (to - from) * progress
        case .exponential(let from, let rate, let minimum):
            return max(minimum, Value(Double(from) * Foundation.pow(Double(rate), Double(max(iteration - 1, 0)))))
        case .adaptive:
            return adapted
        }
    }

    public var isAdaptive: Bool { if case .adaptive = self { return true }; return false }

    public var kind: String {
        switch self {
        case .constant: return "constant"
        case .piecewise: return "piecewise"
        case .linear: return "linear"
        case .exponential: return "exponential"
        case .adaptive: return "adaptive"
        }
    }

    /// Every value the schedule can take lies in `range` (checked at its ends and corners), and its own shape
    /// is sound; `what` names it in the message.
    func validate(_ what: String, range: ClosedRange<Value>) throws {
        func require(_ condition: Bool, _ message: String) throws {
            if !condition { throw SynapticRLError.invalidParameter("\(what) schedule: \(message)") }
        }
        func inRange(_ value: Value) -> Bool { value.isFinite && range.contains(value) }
        let bounds = "in [\(range.lowerBound), \(range.upperBound)]"
        switch self {
        case .constant(let value):
            try require(inRange(value), "the value must be \(bounds), got \(value)")
        case .piecewise(let start, let changes):
            try require(inRange(start), "the start must be \(bounds), got \(start)")
            for change in changes {
                try require(change.iteration >= 1 && change.factor.isFinite && change.factor > 0,
                            "entry \(change.iteration):\(change.factor) needs an iteration ≥ 1 and a positive factor")
            }
            try require(zip(changes, changes.dropFirst()).allSatisfy { $0.iteration <= $1.iteration },
                        "changes must come in iteration order")
            try require(inRange(value(at: Int.max, adapted: start)), "its last value leaves \(bounds)")
        case .linear(let from, let to, let iterations):
            try require(inRange(from) && inRange(to), "from and to must be \(bounds), got \(from) and \(to)")
            try require(iterations >= 1, "iterations must be ≥ 1, got \(iterations)")
        case .exponential(let from, let rate, let minimum):
            try require(inRange(from) && inRange(minimum), "from and minimum must be \(bounds), got \(from) and \(minimum)")
            try require(rate.isFinite && rate > 0 && rate <= 1, "the rate must be in (0, 1], got \(rate)")
        case .adaptive(let start, let target, let factor, let window, let minimum, let maximum):
            try require(inRange(start) && inRange(minimum) && inRange(maximum) && minimum <= start && start <= maximum,
                        "needs minimum ≤ start ≤ maximum, all \(bounds)")
            try require(target.isFinite && target > 0 && target < 1, "the target share must be in (0, 1), got \(target)")
            try require(factor.isFinite && factor > 1, "the factor must be > 1, got \(factor)")
            try require(window >= 1, "the window must be ≥ 1 iterations, got \(window)")
        }
    }

    private enum CodingKeys: String, CodingKey {
        case kind, value, start, changes, from, to, iterations, rate, minimum, target, factor, window, maximum
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "constant":
            self = .constant(try container.decode(Value.self, forKey: .value))
        case "piecewise":
            self = .piecewise(start: try container.decode(Value.self, forKey: .start),
                              changes: try container.decode([Change].self, forKey: .changes))
        case "linear":
            self = .linear(from: try container.decode(Value.self, forKey: .from), to: try container.decode(Value.self, forKey: .to),
                           iterations: try container.decode(Int.self, forKey: .iterations))
        case "exponential":
            self = .exponential(from: try container.decode(Value.self, forKey: .from),
                                rate: try container.decode(Value.self, forKey: .rate),
                                minimum: try container.decodeIfPresent(Value.self, forKey: .minimum) ?? 0)
        case "adaptive":
            let start = try container.decode(Value.self, forKey: .start)
            self = .adaptive(start: start, target: try container.decodeIfPresent(Double.self, forKey: .target) ?? 0.2,
                             factor: try container.decodeIfPresent(Value.self, forKey: .factor) ?? Value(1.22),
                             window: try container.decodeIfPresent(Int.self, forKey: .window) ?? 50,
                             minimum: try container.decodeIfPresent(Value.self, forKey: .minimum) ?? start / 1000,
                             maximum: try container.decodeIfPresent(Value.self, forKey: .maximum) ?? start * 1000)
        default:
            throw RuleFile.unknown("schedule kind", kind, known: ["constant", "piecewise", "linear", "exponential", "adaptive"],
                                   at: container.codingPath + [CodingKeys.kind])
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .constant(let value):
            try container.encode(value, forKey: .value)
        case .piecewise(let start, let changes):
            try container.encode(start, forKey: .start)
            try container.encode(changes, forKey: .changes)
        case .linear(let from, let to, let iterations):
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
            try container.encode(iterations, forKey: .iterations)
        case .exponential(let from, let rate, let minimum):
            try container.encode(from, forKey: .from)
            try container.encode(rate, forKey: .rate)
            try container.encode(minimum, forKey: .minimum)
        case .adaptive(let start, let target, let factor, let window, let minimum, let maximum):
            try container.encode(start, forKey: .start)
            try container.encode(target, forKey: .target)
            try container.encode(factor, forKey: .factor)
            try container.encode(window, forKey: .window)
            try container.encode(minimum, forKey: .minimum)
            try container.encode(maximum, forKey: .maximum)
        }
    }
}

/// Where an adaptive step schedule stands: its current value and the rewards of the window in progress. Other
/// schedules need no state (their value is a function of the iteration).
public struct RuleScheduleState: Sendable, Equatable, Codable {
    public var step: Float
    public var windowIterations = 0
    public var windowBonuses = 0

    public init(step: Float) { self.step = step }

    /// Throws unless this can be where `schedule` stands: a finite step ≥ 0 and, for an adaptive schedule, within
    /// its bounds, with 0 ≤ bonuses ≤ iterations < window.
    public func validate(for schedule: RuleSchedule<Float>) throws {
        var sound = step.isFinite && step >= 0 && windowIterations >= 0 && (0...windowIterations).contains(windowBonuses)
        if case .adaptive(_, _, _, let window, let minimum, let maximum) = schedule {
            sound = sound && windowIterations < window && (minimum...maximum).contains(step)
        }
        guard sound else {
            throw SynapticRLError.invalidParameter(
                "the step schedule's state (step \(step), \(windowBonuses) of \(windowIterations) iterations rewarded) does not fit its \(schedule.kind) schedule")
        }
    }

    /// Counts an iteration's reward; at the end of a window moves the step as the schedule says.
    mutating func record(reward: Double, schedule: RuleSchedule<Float>) {
        guard case .adaptive(_, let target, let factor, let window, let minimum, let maximum) = schedule else { return }
        windowIterations += 1
        if reward > 0 { windowBonuses += 1 }
        guard windowIterations == window else { return }
        let share = Double(windowBonuses) / Double(window)
        if share > target { step = min(step * factor, maximum) } else if share < target { step = max(step / factor, minimum) }
        (windowIterations, windowBonuses) = (0, 0)
    }
}
