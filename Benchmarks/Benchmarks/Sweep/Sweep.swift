import Benchmark
@_spi(Benchmarks) import SynapticRL

/// The per-iteration action sweep: vectorised kernel vs its scalar twin (7,850 / 25,450 / 1,000,000 synapses).
/// The two are checked for identical actions and weights before timing.
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
}
