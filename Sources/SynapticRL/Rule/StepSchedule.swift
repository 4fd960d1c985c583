import Foundation

/// Step-size changes at chosen iterations: "60000:0.5" halves the step from iteration 60,000 on;
/// several comma-separated entries multiply ("60000:0.5,100000:0.5").
public struct StepSchedule: Sendable, Equatable, Codable {
    public struct Change: Sendable, Equatable, Codable {
        public let iteration: Int
        public let factor: Float

        public init(iteration: Int, factor: Float) {
            (self.iteration, self.factor) = (iteration, factor)
        }
    }

    public let changes: [Change]

    public init(changes: [Change] = []) { self.changes = changes.sorted { $0.iteration < $1.iteration } }

    public init(parsing text: String) throws {
        var changes: [Change] = []
        for entry in text.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = entry.split(separator: ":")
            guard parts.count == 2, let iteration = Int(parts[0].trimmingCharacters(in: .whitespaces)),
                  let factor = Float(parts[1].trimmingCharacters(in: .whitespaces)),
                  iteration >= 1, factor.isFinite, factor > 0 else {
                throw SynapticRLError.invalidParameter("step schedule entry '\(entry)' is not ITERATION:FACTOR with a positive factor")
            }
            changes.append(Change(iteration: iteration, factor: factor))
        }
        self.init(changes: changes)
    }

    /// Every change at an iteration ≥ 1 with a positive finite factor (what the parser accepts; a decoded
    /// checkpoint is held to the same).
    public func validate() throws {
        for change in changes where !(change.iteration >= 1 && change.factor.isFinite && change.factor > 0) {
            throw SynapticRLError.invalidParameter("step schedule entry \(change.iteration):\(change.factor) needs an iteration ≥ 1 and a positive finite factor")
        }
    }

    /// The step in force at (1-based) `iteration`.
    public func step(base: Float, at iteration: Int) -> Float {
        changes.reduce(base) { iteration >= $1.iteration ? $0 * $1.factor : $0 }
    }

    public var description: String { changes.map { "\($0.iteration):\($0.factor)" }.joined(separator: ",") }
}

/// The OCR runs' step schedules, written once: synrl train's presets, synrl-mpi and the Table 1 reproduction
/// take them from here.
extension StepSchedule {
    /// The paper's (§3, Table 1): a network with hidden units halves its step from iteration 60,000 on
    /// ("60000:0.5"); one without keeps its step throughout.
    public static func paper(hiddenLayers: Int) -> StepSchedule {
        halving(at: 60_000, hiddenLayers: hiddenLayers)
    }

    /// The authors' code: the same halving with hidden units, at iteration 100,000 ("100000:0.5").
    public static func authorsCode(hiddenLayers: Int) -> StepSchedule {
        halving(at: 100_000, hiddenLayers: hiddenLayers)
    }

    private static func halving(at iteration: Int, hiddenLayers: Int) -> StepSchedule {
        hiddenLayers == 0 ? StepSchedule() : StepSchedule(changes: [Change(iteration: iteration, factor: 0.5)])
    }

    /// Every change moved to its iteration × `scale`, rounded and at least 1: the schedule of a run shortened
    /// (or lengthened) as a whole, as `synrl reproduce --iterations-scale` does.
    public func scaled(by scale: Double) -> StepSchedule {
        StepSchedule(changes: changes.map {
            Change(iteration: max(1, Int((Double($0.iteration) * scale).rounded())), factor: $0.factor)
        })
    }
}
