import SynapticRL

/// Everything a synaptic-RL classification run needs to continue exactly where it stopped, whatever its rule: per
/// trial the weights, the rule's memory (a paper rule's synapse histories, Q-table and its running average, or a
/// general rule's `RuleEngineState`), an adaptive step's state, the last loss, the open metrics tallies and the
/// metrics rows so far; the minibatch in use and the incremental first layer's state. The random generator
/// needs no state of its own: every draw is keyed by (seed, iteration, index), so the iteration is its position.
public struct Checkpoint {
    public struct Trial {
        public var network: Network
        /// A paper rule's memory (a general rule's trial holds the empty ones its trainer is made with).
        public var state: SynapseState
        public var table: QTable
        public var average: QTableAverage
        /// A general rule's table, running sum and per-synapse memory; nil under a paper rule.
        public var general: RuleEngineState?
        /// Where an adaptive step stands (any rule's; the initial state for one without).
        public var scheduleState: RuleScheduleState
        /// The loss the next reward compares with.
        public var loss: Double
        var tally: ActionTally
        public var metrics: [ClassificationMetricsRow]
    }

    public var configuration: ClassificationExperiment.Configuration
    /// The data the run trained on, to refuse resuming on other data.
    public var dataPath: String
    public var dataHash: String
    /// Iterations completed.
    public var iteration: Int
    /// The minibatch in use after `iteration`, and its size.
    public var batchNumber: Int
    public var minibatchSize: Int
    /// Wall-clock seconds the run had taken, so its timings continue.
    public var elapsedSeconds: Double
    public var trials: [Trial]
    var firstLayer: StackedFirstLayer.Snapshot

    /// The run folder's checkpoint file.
    public static let fileName = RunFolderWriter.File.checkpoint.rawValue
}
