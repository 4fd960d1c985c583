import SynapticRL

/// A row of a boundary run's metrics.csv, one per progress report: the loss and accuracy after that iteration,
/// the reward and action shares since the previous row, and the clock, every number in full precision. Row 0
/// holds the initial weights' loss and accuracy, its shares 0 (no iteration yet).
public struct BoundaryMetricsRow: MetricsRow {
    public static let header = "iteration,loss,accuracy,reward_plus_fraction,decrement_fraction,none_fraction,"
        + "increment_fraction,elapsed_seconds"

    public var iteration: Int
    public var loss: Double
    public var accuracy: Double
    public var rewardPlusFraction: Double
    /// Shares of −, 0 and + actions over all synapses.
    public var actionFractions: [Double]
    public var seconds: Double

    public var line: String {
        "\(iteration),\(loss),\(accuracy),\(rewardPlusFraction),"
            + "\(actionFractions[0]),\(actionFractions[1]),\(actionFractions[2]),\(seconds)"
    }
}
