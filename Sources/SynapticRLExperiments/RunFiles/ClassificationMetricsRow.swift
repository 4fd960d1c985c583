import Foundation
import SynapticRL

/// A row of a classification run's metrics.csv: both sets scored at an evaluation point, with the minibatch
/// loss, the reward and action shares since the previous row, the step in force and the clock. Row 0 scores the
/// initial weights, before any step: its shares are 0 (no iteration yet) and its step the first iteration's.
/// The last columns count what training has spent so far (`SampleCost`) and, apart, the scoring passes of every
/// evaluation up to and including this row's; rows restored from an older checkpoint leave them empty.
public struct ClassificationMetricsRow: MetricsRow {
    public static let header = "iteration,minibatch_loss,train_loss,train_accuracy,validation_loss,validation_accuracy,"
        + "reward_plus_fraction,decrement_fraction,none_fraction,increment_fraction,step,elapsed_seconds,"
        + "validation_active_hidden_fraction,forward_passes,backward_passes,forward_equivalents,scoring_forward_passes"

    public var iteration: Int
    public var minibatchLoss: Double
    public var train: Evaluation
    public var validation: Evaluation
    /// Since the previous row: share of iterations rewarded +1, and shares of −/0/+ actions over all synapses.
    public var rewardPlusFraction: Double
    public var actionFractions: [Double]
    public var step: Float
    public var seconds: Double
    /// Training's passes since the start, iteration 0's minibatch loss included (nil in rows of older checkpoints).
    public var cost: SampleCost?
    /// Scoring's forward passes since the start: the training and validation sets at each row so far.
    public var scoringPasses: Int?

    public var line: String {
        let numbers: [Double] = [train.loss, train.accuracy, validation.loss, validation.accuracy, rewardPlusFraction]
            + actionFractions
        let active = validation.activeHiddenFraction.map(Self.format) ?? ""
        let spent = cost.map { [$0.forwardPasses, $0.backwardPasses, $0.forwardEquivalents].map(String.init) } ?? ["", "", ""]
        // The minibatch loss in full (round-trip) precision: two runs that should be bit-identical can be compared.
        return ([String(iteration), "\(minibatchLoss)"] + numbers.map(Self.format)
                + ["\(step)", String(format: "%.3f", seconds), active] + spent + [scoringPasses.map(String.init) ?? ""])
            .joined(separator: ",")
    }

    private static func format(_ value: Double) -> String { String(format: "%.6f", value) }
}
