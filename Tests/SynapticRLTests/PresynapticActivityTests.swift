import Testing
@_spi(Benchmarks) @testable import SynapticRL

/// The presynaptic-activity state feature: the median rule by hand, the measured activity against plain means, and
/// a trainer's states holding, for every synapse, the activity of its own input.
@Suite struct PresynapticActivityTests {
    @Test func aUnitIsActiveStrictlyAboveItsLayersMedian() {
        let activity = PresynapticActivity(means: [[0.1, 0.5, 0.3], [2, 1, 4, 3], [0, 0, 0, 1]])
        #expect(activity.active[0] == [false, true, false])  // median 0.3: equal is not above
        #expect(activity.active[1] == [false, false, true, true])  // median (2 + 3) / 2
        #expect(activity.active[2] == [false, false, false, true])  // median 0: a mostly silent layer
        #expect(activity.flags == [0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1])  // every bias's flag last, set
    }

    /// Layer 0 from the batch's rows, layer 1 from the hidden activations of a plain forward pass, both by hand.
    @Test(arguments: [21, 22, 23] as [UInt64])
    func theMeasuredActivityIsThatOfPlainMeans(seed: UInt64) throws {
        var random = CounterStream(seed: seed)
        let (inputs, hidden, count) = (3 + random.index(below: 9), 2 + random.index(below: 9), 5 + random.index(below: 40))
        var network = try Network(sizes: [inputs, hidden, 2], activations: [.relu, .identity])
        for index in network.weights.indices { network.weights[index] = random.uniform(-1, 1) }
        let batch = try Batch(features: inputs, count: count, values: (0..<(inputs * count)).map { _ in random.uniform(0, 1) })
        let activity = try PresynapticActivity.measure(network: network, batch: batch,
                                                       pass: ForwardPass(sizes: network.sizes, batchSize: count))
        func mean(_ values: (Int) -> Double) -> Double { (0..<count).map(values).reduce(0, +) / Double(count) }
        let pixelMeans = (0..<inputs).map { feature in mean { Double(batch[feature, $0]) } }
        let hiddenMeans = (0..<hidden).map { unit in
            mean { sample in
                let row = network.weightRange(ofLayer: 0).lowerBound + unit * (inputs + 1)
                let z = (0..<inputs).reduce(Double(network.weights[row])) { $0 + Double(network.weights[row + 1 + $1] * batch[$1, sample]) }
                return max(z, 0)
            }
        }
        let expected = PresynapticActivity(means: [pixelMeans, hiddenMeans])
        #expect(activity.active[0] == expected.active[0])
        // The GEMM rounds in Float: compare away from the median only.
        let median = PresynapticActivity.median(hiddenMeans)
        for unit in 0..<hidden where abs(hiddenMeans[unit] - median) > 1e-4 {
            #expect(activity.active[1][unit] == expected.active[1][unit], "unit \(unit)")
        }
    }

    /// After a step of a rule with the feature, every synapse's state says the activity of its own input (a bias:
    /// active), measured on the network before the sweep; 1 and 2 threads give the same run.
    @Test func everySynapsesStateHoldsItsInputsActivity() throws {
        var shape = BoundaryTask.Shape()
        (shape.pointCount, shape.hiddenUnits) = (400, 12)
        var rule = SynapticRule()
        rule.state.presynapticActivity = true
        func run(threads: Int) throws -> (SynapticTrainer, [Bool?]) {
            let task = try BoundaryTask(seed: 5, shape: shape, threads: threads)
            let trainer = try SynapticTrainer(network: task.makeLearner(seed: 5, weightRange: 0.5), rule: rule, table: nil,
                                              threads: threads, seed: 5, initialLoss: 1)
            var lastActivity: PresynapticActivity?
            for _ in 0..<30 {
                lastActivity = try task.presynapticActivity(of: trainer.network)
                try trainer.step(on: task)
            }
            let space = trainer.ruleTable.space
            let network = trainer.network
            let flags = lastActivity!.flags
            let memory = try #require(trainer.ruleMemory)
            let seen = memory.states.map { space.describe(state: Int($0)).active }
            for k in network.weights.indices {
                let layer = (0..<network.layerCount).last { network.weightRange(ofLayer: $0).lowerBound <= k }!
                let column = (k - network.weightRange(ofLayer: layer).lowerBound) % network.rowLength(ofLayer: layer)
                let place = column == 0 ? flags.count - 1 : (layer == 0 ? 0 : network.inputs(ofLayer: 0)) + column - 1
                #expect(seen[k] == (flags[place] == 1), "synapse \(k)")
            }
            return (trainer, seen)
        }
        let (one, seenOne) = try run(threads: 1)
        let (two, _) = try run(threads: 2)
        #expect(one.network.weights == two.network.weights && one.ruleTable == two.ruleTable)
        let hiddenInputs = seenOne[one.network.weightRange(ofLayer: 1)].compactMap { $0 }
        #expect(hiddenInputs.contains(true) && hiddenInputs.contains(false), "the hidden layer's inputs split at the median")
    }

    @Test func aDescribedStateGivesBackItsParts() {
        var rule = SynapticRule()
        rule.state = RuleStateFeatures(actionHistory: 1, rewardHistory: 1, weightSign: true, synapseKind: true,
                                       presynapticActivity: true)
        let space = RuleStateSpace(rule: rule, layers: 2)
        #expect(space.stateCount == 2 * 2 * 2 * 3 * 3)
        for staticIndex in 0..<2 { for negative in [false, true] { for active in [false, true] { for code in 0..<3 {
            let state = space.state(local: space.local(staticIndex: staticIndex, negative: negative, active: active, actionCode: code),
                                    rewardCode: 2)
            let parts = space.describe(state: state)
            #expect(parts.isBias == (staticIndex == 1) && parts.negative == negative && parts.active == active)
            #expect(parts.actions == [code] && parts.rewards == [2])
        } } } }
    }

    /// The mirror image flips sign and actions but keeps the activity.
    @Test func theMirrorKeepsTheActivity() throws {
        var rule = SynapticRule()
        rule.state = RuleStateFeatures(actionHistory: 1, rewardHistory: 0, weightSign: true, presynapticActivity: true)
        let space = RuleStateSpace(rule: rule, layers: 1)
        var table = RuleTable(space: space)
        let source = space.local(staticIndex: 0, negative: true, active: true, actionCode: 0)
        table.values[source * 3 + 0] = 4  // Q(negative, active, last −, −) = 4
        let image = space.local(staticIndex: 0, negative: false, active: true, actionCode: 2)
        let mirrored = table.mirrorSymmetrized()
        #expect(mirrored.values[image * 3 + 2] == 2)
        #expect(mirrored.values[space.local(staticIndex: 0, negative: false, active: false, actionCode: 2) * 3 + 2] == 0)
    }
}
