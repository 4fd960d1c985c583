import Benchmark
@_spi(Benchmarks) import SynapticRL

/// The per-iteration action sweep: vectorised kernel vs its scalar twin (7,850 / 25,450 / 1,000,000 synapses).
/// The two are checked for identical actions and weights before timing. Then the general rules' sweep
/// (`RuleSweep`) against its scalar twin and against the paper's kernel, on 25,450 synapses.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(2))
    let table = try! PolicyFile.authorsGolden().table
    for sizes in [[784, 10], [784, 32, 10], [999, 1000]] {
        let network0 = try! Network(sizes: sizes, activations: sizes.dropFirst().map { _ in .identity })
        let count = network0.synapseCount
        let steps = SynapseSteps(network: network0, biasMultiplier: 1)
        let plan = SweepPlan(table: table, rewardCode: 4, epsilon: 0.1, seed: 1, iteration: 7)
        var check = (network0, SynapseState(synapseCount: count, historyLength: 2))
        var twin = check
        SynapseSweep.run(weights: &check.0.weights, state: &check.1, plan: plan, steps: steps, step: 1e-4, threads: 1)
        SynapseSweep.runScalarTwin(network: &twin.0, state: &twin.1, table: table, epsilon: 0.1, seed: 1, iteration: 7,
                                   step: 1e-4, biasMultiplier: 1)
        precondition(check.1.actions == twin.1.actions && check.0.weights == twin.0.weights, "sweep and twin disagree")

        Benchmark("vectorised \(count) synapses") { benchmark in
            var network = network0
            var state = SynapseState(synapseCount: count, historyLength: 2)
            for _ in benchmark.scaledIterations {
                SynapseSweep.run(weights: &network.weights, state: &state, plan: plan, steps: steps, step: 1e-4, threads: 1)
            }
            blackHole(state.actions.first)
        }
        Benchmark("scalar twin \(count) synapses") { benchmark in
            var network = network0
            var state = SynapseState(synapseCount: count, historyLength: 2)
            for _ in benchmark.scaledIterations {
                SynapseSweep.runScalarTwin(network: &network, state: &state, table: table, epsilon: 0.1, seed: 1,
                                           iteration: 7, step: 1e-4, biasMultiplier: 1)
            }
            blackHole(state.actions.first)
        }
    }
    generalRuleBenchmarks()
}

/// One general rule's sweep per case, 784-32-10: the paper's rule (to set against the paper's kernel above), the
/// weight sign and bias/input features (324 states), Boltzmann, five-level moves, the presynaptic activity.
func generalRuleBenchmarks() {
    let network0 = try! Network(sizes: [784, 32, 10], activations: [.relu, .identity])
    var cases: [(String, SynapticRule)] = [("paper rule", SynapticRule())]
    var features = SynapticRule()
    features.state = RuleStateFeatures(actionHistory: 2, rewardHistory: 2, weightSign: true, synapseKind: true)
    cases.append(("weight sign + bias/input", features))
    var boltzmann = SynapticRule()
    boltzmann.policy = .boltzmann
    cases.append(("Boltzmann", boltzmann))
    var fiveLevel = SynapticRule()
    fiveLevel.actions = .fiveLevel
    cases.append(("five-level", fiveLevel))
    var presynaptic = SynapticRule()
    presynaptic.state.presynapticActivity = true
    cases.append(("presynaptic activity", presynaptic))
    for (name, rule) in cases {
        let space = RuleStateSpace(rule: rule, layers: network0.layerCount)
        var table = RuleTable(space: space)
        var random = CounterStream(seed: 5, stream: .minibatch, iteration: 0)
        for index in table.values.indices { table.values[index] = Double(random.uniform(-1, 1)) }
        var network = network0
        for index in network.weights.indices { network.weights[index] = random.uniform(-0.1, 0.1) }
        var memory0 = RuleMemory(network: network, space: space)
        try! memory0.setPresynapticActivity(PresynapticActivity(active: (0..<network.layerCount).map { layer in
            (0..<network.inputs(ofLayer: layer)).map { _ in random.uniform(0, 1) < 0.5 }
        }), network: network)
        let steps = SynapseSteps(network: network, biasMultiplier: 1)
        let choice = RuleChoice(rule: rule, table: table, rewardCode: memory0.rewardCode, epsilon: 0.1, temperature: 0.5,
                                seed: 1, iteration: 7)
        var (fast, fastMemory, twin, twinMemory) = (network.weights, memory0, network.weights, memory0)
        RuleSweep.run(weights: &fast, memory: &fastMemory, choice: choice, space: space, actionSet: rule.actions, steps: steps,
                      step: 1e-4, threads: 1)
        RuleSweep.scalarTwin(weights: &twin, memory: &twinMemory, rule: rule, table: table, epsilon: 0.1, temperature: 0.5,
                             seed: 1, iteration: 7, network: network, step: 1e-4)
        precondition(fast == twin && fastMemory == twinMemory, "general sweep and twin disagree (\(name))")

        Benchmark("general sweep, \(name), 25450 synapses") { benchmark in
            var (weights, memory) = (network.weights, memory0)
            for _ in benchmark.scaledIterations {
                RuleSweep.run(weights: &weights, memory: &memory, choice: choice, space: space, actionSet: rule.actions,
                              steps: steps, step: 1e-4, threads: 1)
            }
            blackHole(memory.actions.first)
        }
        Benchmark("general sweep scalar twin, \(name), 25450 synapses") { benchmark in
            var (weights, memory) = (network.weights, memory0)
            for _ in benchmark.scaledIterations {
                RuleSweep.scalarTwin(weights: &weights, memory: &memory, rule: rule, table: table, epsilon: 0.1,
                                     temperature: 0.5, seed: 1, iteration: 7, network: network, step: 1e-4)
            }
            blackHole(memory.actions.first)
        }
    }
}
