import SynapticRL

extension ClassificationExperiment.Configuration {
    /// Training's sample passes after `iterations` iterations on `trainingCount` training images (per trial),
    /// iteration 0's minibatch loss included: what every method's metrics rows and summary report, and what
    /// `synrl compare` budgets. Each method's count follows from its schedule alone, so a resumed run's rows
    /// continue the count of the run left alone.
    ///
    /// - synrl, random, hillclimb: one minibatch evaluation an iteration, and one more at each minibatch switch
    ///   where the old weights are re-evaluated on the new batch (`reevaluateAtSwitch`).
    /// - spsa: 2 × averages evaluations a step; es: the population's; signsgd and sgd: one forward and one
    ///   backward pass over the minibatch a step; gd: over the training set; lstsq: one pass over it.
    public func trainingCost(afterIterations iterations: Int, trainingCount: Int) -> SampleCost {
        let batch = min(batchSize, trainingCount)
        let switches = iterations >= 1 ? (iterations - 1) / max(resampleEvery, 1) : 0
        switch method {
        case .synrl, .random, .hillclimb:
            return SampleCost(forwardPasses: batch * (1 + iterations + (reevaluateAtSwitch ? switches : 0)))
        case .spsa:
            return SampleCost(forwardPasses: batch * (1 + iterations * 2 * peer.spsaAverages))
        case .es:
            return SampleCost(forwardPasses: batch * (1 + iterations * peer.population))
        case .signsgd:
            return SampleCost(forwardPasses: batch * (1 + iterations), backwardPasses: batch * iterations)
        case .sgd, .gd:
            let size = min(gradientSteppingBatch ?? trainingCount, trainingCount)
            return SampleCost(forwardPasses: size * (1 + iterations), backwardPasses: size * iterations)
        case .lstsq:
            return SampleCost(forwardPasses: trainingCount)
        }
    }

    /// The batch a gradient step takes: gd's `gradientBatchSize` (nil: the training set), sgd's (nil: `batchSize`).
    public var gradientSteppingBatch: Int? {
        method == .sgd ? gradientBatchSize ?? batchSize : gradientBatchSize
    }

    /// The random method is the synaptic-RL engine with every action uniformly random: ε 1, nothing learned, no
    /// table or rule of the user's. Every other method's configuration is its own.
    func resolvingMethod() throws -> Self {
        guard method == .random else { return self }
        guard rule == nil && table == nil && initialRuleTable == nil && !settings.adaptive else {
            throw SynapticRLError.invalidParameter("method random takes every action uniformly at random: it reads no rule, policy or --adaptive")
        }
        var resolved = self
        resolved.settings.epsilon = 1
        return resolved
    }
}
