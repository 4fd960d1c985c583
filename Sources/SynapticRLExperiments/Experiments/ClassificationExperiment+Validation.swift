import SynapticRL

/// Every check a classification configuration must pass, in one place: the CLI runs it on its flags before it
/// loads data or writes a file, `ClassificationExperiment.run` runs it again, and a checkpoint's configuration is
/// re-validated by it when read, so a file cannot smuggle in what a flag could not.
extension ClassificationExperiment.Configuration {
    /// Networks trained together in one run; their seeds seed…seed + trials − 1 must not pass UInt64.max.
    public static let maximumTrials = 1 << 16
    /// Far beyond any run this engine makes (the paper's longest is 500,000), and safe in every product below.
    public static let maximumIterations = 1_000_000_000
    public static let maximumLayerSize = 1 << 20
    public static let maximumHiddenLayers = 62

    public func validate() throws {
        func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
            if !condition { throw SynapticRLError.invalidParameter(message()) }
        }
        let limits = Self.self
        try require((1...limits.maximumIterations).contains(iterations),
                    "iterations must be 1...\(limits.maximumIterations), got \(iterations)")
        try require(hiddenUnits.count <= limits.maximumHiddenLayers && hiddenUnits.allSatisfy { (1...limits.maximumLayerSize).contains($0) },
                    "hidden layer sizes must be 1...\(limits.maximumLayerSize), at most \(limits.maximumHiddenLayers) layers, got \(hiddenUnits)")
        try require(initRange.isFinite && initRange >= 0, "initial weight range must be finite and non-negative, got \(initRange)")
        try require(batchSize >= 1 && resampleEvery >= 1 && (gradientBatchSize ?? 1) >= 1,
                    "batch sizes and the resampling interval must be at least 1")
        try require(evaluateEvery >= 0, "the evaluation interval must be 0 or more, got \(evaluateEvery)")
        try require((evaluateAt ?? []).count <= 100_000 && (evaluateAt ?? []).allSatisfy { (1...iterations).contains($0) },
                    "extra evaluation points must be at most 100,000 iterations in 1...\(iterations)")
        try require(validationFraction.isFinite && validationFraction > 0 && validationFraction < 1,
                    "the validation fraction must be in (0, 1), got \(validationFraction)")
        try require(learningRate.isFinite && learningRate > 0, "the learning rate must be a positive finite number, got \(learningRate)")
        try require(ridge.isFinite && ridge > 0, "the ridge λ must be a positive finite number, got \(ridge)")
        try settings.validate()
        try schedule.validate()
        try require((1...limits.maximumTrials).contains(trials), "trials must be 1...\(limits.maximumTrials), got \(trials)")
        try require(seed <= UInt64.max - UInt64(trials - 1),
                    "seed \(seed) with \(trials) trials passes 2^64 − 1 (trial k uses seed + k): use a seed at most \(UInt64.max - UInt64(trials - 1))")
        try require(trials == 1 || method.isSynapticEngine, "trials stack synaptic-RL networks: use method synrl or random, or one trial")
        try require(method.isSynapticEngine || (rule == nil && table == nil && initialRuleTable == nil),
                    "method \(method.rawValue) applies no synaptic rule or policy")
        try peer.validate()
        try require(!(checkFirstLayer && trials > 1), "the first-layer check compares one trial: use it without trials")
        try require(!(checkFirstLayer && firstLayer == .dense),
                    "the first-layer check compares the incremental path with the dense one: not with the dense first layer")
        try require(method != .lstsq || hiddenUnits.isEmpty, "lstsq fits a linear classifier: use no hidden layers")
        try require(checkpointEvery >= 0, "the checkpoint interval must be 0 or more, got \(checkpointEvery)")
        if method.isSynapticEngine, rule != nil {
            let rule = effectiveRule
            try rule.validate(layers: hiddenUnits.count + 1)
            try require(rule.actions.isAdditive || firstLayer != .incremental,
                        "the incremental first layer counts moves that add multiples of the step (ternary, five-level): use --first-layer dense or auto with \(rule.actions.rawValue) actions")
            try require(!(checkFirstLayer && !rule.actions.isAdditive), "the first-layer check needs additive moves (ternary or five-level)")
            let space = RuleStateSpace(rule: rule, layers: hiddenUnits.count + 1)
            if let initialRuleTable {
                try require(initialRuleTable.space == space, "the policy's table was made for other states than this rule's")
            } else if let table {
                _ = try RuleTable(space: space, paperTable: table)
            } else if !(space.features.isHistoryOnly && space.features.actionHistory == 2 && space.actionCount == 3) {
                if case .fixed = rule.policy {} else {
                    try require(rule.learning.learns,
                                "a static rule of \(space.stateCount) states needs its table (--policy): the authors' table fits only the paper's state")
                }
            }
        }
        if let table, rule == nil {
            try require(table.historyLength == settings.historyLength,
                        "the policy remembers \(table.historyLength) steps but the settings \(settings.historyLength)")
            guard table.values.allSatisfy(\.isFinite) else { throw SynapticRLError.invalidPolicy("the Q-table holds a non-finite value") }
        }
    }

    /// The large buffers a run of this configuration allocates on `inputs`-pixel images of `classes` classes with
    /// `trainingCount` training images, in bytes (nil past Int.max): per trial the weights, synapse states and
    /// step table (≈ 12 bytes a synapse) and a forward pass over the minibatch, the stacked first layer's base and
    /// counts (8 bytes per unit and sample); for gd the activations and their gradients over its batch; for lstsq
    /// the normal equations; and the evaluation's 5000-image chunks.
    func estimatedBytes(inputs: Int, classes: Int, trainingCount: Int) -> Int? {
        let sizes = [inputs] + hiddenUnits + [classes]
        guard let synapses = MemoryBudget.bytes((0..<(sizes.count - 1)).map { [sizes[$0 + 1], sizes[$0] + 1] }) else { return nil }
        let units = sizes.reduce(0, +)
        let evaluation = [4, Evaluation.chunkSize, units]
        switch method {
        case .synrl, .random, .hillclimb, .spsa:
            let batch = min(batchSize, trainingCount)
            return MemoryBudget.bytes([[12, synapses, trials], [4, trials, batch, units], [8, trials, sizes[1], batch], evaluation])
        case .es:  // the population's weights and ε, its stacked first layer, the minibatch with one forward pass over it
            let batch = min(batchSize, trainingCount)
            return MemoryBudget.bytes([[8, synapses, peer.population], [4, peer.population, batch, sizes[1]], [8, batch, units],
                                       evaluation])
        case .signsgd, .sgd, .gd:
            let batch = min(gradientSteppingBatch ?? trainingCount, trainingCount)
            return MemoryBudget.bytes([[16, synapses], [12, batch, units], evaluation])
        case .lstsq:
            return MemoryBudget.bytes([[8, inputs + 1, inputs + 1], [4, trainingCount, inputs + 1], evaluation])
        }
    }
}
