import SynapticRL

extension ClassificationExperiment {
    /// Where an OCR run's settings come from where the paper's text and the authors' code differ. A preset
    /// decides three settings; every other default (ε 0.1, step 1e-4, minibatch 5000 redrawn every 5000, …) is
    /// the same in both.
    public enum Preset: String, Sendable, CaseIterable, Codable {
        /// The paper (§3): bias synapses move by the same step as the others; at a minibatch switch the old
        /// weights' loss is re-evaluated on the new batch, so the reward compares like with like; with hidden
        /// units the step halves at iteration 60,000.
        case paper
        /// The authors' code: bias synapses move by twice the step, the old batch's loss is kept at a switch, and
        /// with hidden units the step halves at iteration 100,000.
        case authors

        public var biasStepMultiplier: Float { self == .authors ? 2 : 1 }

        public var reevaluatesAtSwitch: Bool { self == .paper }

        public func stepSchedule(hiddenLayers: Int) -> StepSchedule {
            switch self {
            case .paper: return .paper(hiddenLayers: hiddenLayers)
            case .authors: return .authorsCode(hiddenLayers: hiddenLayers)
            }
        }
    }
}

extension ClassificationExperiment.Configuration {
    /// Takes `preset`'s bias step, re-evaluation at a switch and step schedule. The schedule depends on the
    /// network's shape: set `hiddenUnits` first.
    public mutating func apply(_ preset: ClassificationExperiment.Preset) {
        settings.biasStepMultiplier = preset.biasStepMultiplier
        reevaluateAtSwitch = preset.reevaluatesAtSwitch
        schedule = preset.stepSchedule(hiddenLayers: hiddenUnits.count)
    }
}
