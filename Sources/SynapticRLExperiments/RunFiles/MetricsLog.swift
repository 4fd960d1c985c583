import Foundation
import SynapticRL

/// The metrics CSV of a run: one row per evaluation point, rewritten atomically after each, so a run killed
/// at any moment leaves a complete file of the rows so far.
public final class MetricsLog {
    public static let header = "iteration,minibatch_loss,train_loss,train_accuracy,validation_loss,validation_accuracy,"
        + "reward_plus_fraction,decrement_fraction,none_fraction,increment_fraction,step,elapsed_seconds,"
        + "validation_active_hidden_fraction"

    public struct Row: Sendable, Codable, Equatable {
        public var iteration: Int
        public var minibatchLoss: Double
        public var train: Evaluation
        public var validation: Evaluation
        /// Since the previous row: share of iterations rewarded +1, and shares of −/0/+ actions over all synapses.
        public var rewardPlusFraction: Double
        public var actionFractions: [Double]
        public var step: Float
        public var seconds: Double
    }

    public private(set) var rows: [Row] = []
    let url: URL?

    /// A log that continues `rows` (a resumed run's rows so far).
    public init(url: URL?, rows: [Row] = []) {
        self.url = url
        self.rows = rows
    }

    public func append(_ row: Row) throws {
        rows.append(row)
        if let url { try AtomicFile.write(Data(text.utf8), to: url) }
    }

    public var text: String {
        ([Self.header] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    private func line(_ row: Row) -> String {
        let numbers: [Double] = [row.train.loss, row.train.accuracy, row.validation.loss,
                                 row.validation.accuracy, row.rewardPlusFraction] + row.actionFractions
        let active = row.validation.activeHiddenFraction.map(format) ?? ""
        // The minibatch loss in full (round-trip) precision: two runs that should be bit-identical can be compared.
        return ([String(row.iteration), "\(row.minibatchLoss)"] + numbers.map(format)
                + ["\(row.step)", String(format: "%.3f", row.seconds), active])
            .joined(separator: ",")
    }

    private func format(_ value: Double) -> String { String(format: "%.6f", value) }
}
