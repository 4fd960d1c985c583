import SynapticRL

/// The policy search's fitness of one run: the normalised area under its loss curve,
/// (1/T) Σ_{t=1…T} L_t / L_0, where L_0 is the loss of the initial weights and L_t the loss after iteration t.
///
/// Scale-free (a task's loss units cancel, so 2-D and OCR tasks average on one scale): 1 means no progress, 0 the
/// loss gone at once, above 1 a run that made things worse. Lower is better. Unlike the final loss it rewards
/// getting there early, and unlike "iterations to 95%" it is defined on every run.
public struct TrainingProgress: Sendable, Equatable {
    public let initialLoss: Double
    public private(set) var iterations = 0
    private var ratioSum = 0.0

    /// A curve starting at `initialLoss`, which must be positive and finite.
    public init(initialLoss: Double) throws {
        guard initialLoss.isFinite && initialLoss > 0 else {
            throw SynapticRLError.numerical("a run's initial loss must be positive and finite to normalise by, got \(initialLoss)")
        }
        self.initialLoss = initialLoss
    }

    /// Takes the loss after the next iteration.
    public mutating func add(loss: Double) {
        ratioSum += loss / initialLoss
        iterations += 1
    }

    /// The normalised area so far (1 before any iteration).
    public var normalisedArea: Double { iterations == 0 ? 1 : ratioSum / Double(iterations) }
}
