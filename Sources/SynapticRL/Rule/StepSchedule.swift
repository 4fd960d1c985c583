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
