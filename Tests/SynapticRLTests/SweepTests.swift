import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

@Suite struct SweepTests {
    /// A network with exactly `synapses` synapses: one neuron with synapses − 1 inputs.
    static func network(synapses: Int, data: inout TestData) throws -> Network {
        var network = try Network(sizes: [synapses - 1 == 0 ? 1 : synapses - 1, 1], activations: [.identity])
        network.weights = data.floats(network.synapseCount)
        return network
    }

    static func randomState(synapses: Int, historyLength: Int, data: inout TestData) -> SynapseState {
        var state = SynapseState(synapseCount: synapses, historyLength: historyLength)
        state.actionCodes = (0..<synapses).map { _ in UInt8(data.int(below: state.coding.codeCount)) }
        state.rewardCode = UInt8(data.int(below: state.coding.codeCount))
        return state
    }

    static func randomTable(historyLength: Int, data: inout TestData) -> QTable {
        var table = QTable(historyLength: historyLength)
        table.values = data.floats(table.values.count).map(Double.init)
        return table
    }

    /// One fast sweep of `network` from `state` under `table`, in place; returns the plan it used.
    @discardableResult
    static func sweep(_ network: inout Network, _ state: inout SynapseState, table: QTable, epsilon: Double,
                      seed: UInt64, iteration: Int, threads: Int = 1) -> SweepPlan {
        let plan = SweepPlan(table: table, rewardCode: state.rewardCode, epsilon: epsilon, seed: seed, iteration: iteration)
        SynapseSweep.run(weights: &network.weights, state: &state, plan: plan,
                         steps: SynapseSteps(network: network, biasMultiplier: 1), step: 0.01, threads: threads)
        return plan
    }

    struct Case: Sendable, CustomStringConvertible {
        let sizes: [Int]
        let historyLength: Int
        let biasMultiplier: Float
        let threads: Int
        var description: String { "\(sizes) n=\(historyLength) bias×\(biasMultiplier) threads \(threads)" }
    }

    static let cases: [Case] = [2, 15, 16, 17, 31, 32, 33, 1000].map { Case(sizes: [$0 - 1, 1], historyLength: 2, biasMultiplier: 1, threads: 1) }
        + [Case(sizes: [16, 1], historyLength: 2, biasMultiplier: 1, threads: 3),
           Case(sizes: [31, 17, 10], historyLength: 2, biasMultiplier: 2, threads: 1),
           Case(sizes: [31, 17, 10], historyLength: 2, biasMultiplier: 2, threads: 4),
           Case(sizes: [7, 5, 3], historyLength: 1, biasMultiplier: 0.5, threads: 2),
           Case(sizes: [40, 8, 4], historyLength: 5, biasMultiplier: 1, threads: 2),
           // 151,001 synapses: two blocks above SynapseSweep's minimum, so threads share a sweep.
           Case(sizes: [300, 500, 1], historyLength: 2, biasMultiplier: 1, threads: 3)]

    @Test(arguments: cases)
    func fastSweepMatchesScalarTwinExactly(testCase: Case) throws {
        var data = TestData(seed: UInt64(testCase.sizes.reduce(1, *)) &+ UInt64(testCase.threads))
        var network = try Network(sizes: testCase.sizes, activations: testCase.sizes.dropFirst().map { _ in .identity })
        network.weights = data.floats(network.synapseCount)
        let state = Self.randomState(synapses: network.synapseCount, historyLength: testCase.historyLength, data: &data)
        let table = Self.randomTable(historyLength: testCase.historyLength, data: &data)
        let (epsilon, step, seed, iteration): (Double, Float, UInt64, Int) = (0.3, 0.001, 77, 12)

        var fastWeights = network.weights
        var fastState = state
        let plan = SweepPlan(table: table, rewardCode: state.rewardCode, epsilon: epsilon, seed: seed, iteration: iteration)
        SynapseSweep.run(weights: &fastWeights, state: &fastState,
                         plan: plan, steps: SynapseSteps(network: network, biasMultiplier: testCase.biasMultiplier),
                         step: step, threads: testCase.threads)
        var twinNetwork = network
        var twinState = state
        SynapseSweep.runScalarTwin(network: &twinNetwork, state: &twinState, table: table, epsilon: epsilon, seed: seed,
                                   iteration: iteration, step: step, biasMultiplier: testCase.biasMultiplier)

        #expect(fastState.actions == twinState.actions)
        #expect(fastWeights == twinNetwork.weights)
        #expect(fastState.actions.allSatisfy { $0 < 3 })
        for k in 0..<network.synapseCount {
            let synapseStep = network.isBias(k) ? step * testCase.biasMultiplier : step
            let expected = network.weights[k] + synapseStep * Float(Int(fastState.actions[k]) - 1)
            #expect(fastWeights[k] == expected, "synapse \(k) moved by something other than −step, 0 or +step")
        }
        fastState.pushActions()
        twinState.pushActions()
        #expect(fastState.actionCodes == twinState.actionCodes)
        #expect(fastState.actionCodes.allSatisfy { Int($0) < fastState.coding.codeCount })
    }

    @Test func actionsDoNotDependOnThreadCount() throws {
        var data = TestData(seed: 11)
        let network = try Self.network(synapses: 25_450, data: &data)
        let state = Self.randomState(synapses: network.synapseCount, historyLength: 2, data: &data)
        let table = Self.randomTable(historyLength: 2, data: &data)
        let plan = SweepPlan(table: table, rewardCode: state.rewardCode, epsilon: 0.1, seed: 5, iteration: 1000)
        let steps = SynapseSteps(network: network, biasMultiplier: 2)
        let results = [1, 2, 3, 7].map { threads in
            var weights = network.weights
            var copy = state
            SynapseSweep.run(weights: &weights, state: &copy, plan: plan, steps: steps, step: 1e-4, threads: threads)
            return (copy.actions, weights)
        }
        for result in results.dropFirst() {
            #expect(result.0 == results[0].0)
            #expect(result.1 == results[0].1)
        }
    }

    @Test func epsilonZeroAlwaysTakesTheArgmax() throws {
        var data = TestData(seed: 12)
        var network = try Self.network(synapses: 5000, data: &data)
        var state = Self.randomState(synapses: network.synapseCount, historyLength: 2, data: &data)
        let table = Self.randomTable(historyLength: 2, data: &data)
        Self.sweep(&network, &state, table: table, epsilon: 0, seed: 1, iteration: 0)
        for k in 0..<network.synapseCount {
            let values = (0..<3).map { table.values[table.state(actionCode: state.actionCodes[k], rewardCode: state.rewardCode) * 3 + $0] }
            #expect(Int(state.actions[k]) == values.firstIndex(of: values.max()!)!)
        }
    }

    @Test func argmaxTakesTheFirstMaximumOnTies() {
        var table = QTable(historyLength: 1)
        table.values[0..<3] = [0.5, 0.5, 0.5]
        table.values[3..<6] = [0, 2, 2]
        #expect(table.greedyAction(state: 0) == 0)
        #expect(table.greedyAction(state: 1) == 1)
    }

    /// With ε = 1 every action is uniform over the three: each share is 1/3 ± 5σ, σ = √(2/9 / n).
    @Test func epsilonOneGivesEachActionAThird() throws {
        var data = TestData(seed: 13)
        let n = 60_000
        var network = try Self.network(synapses: n, data: &data)
        var state = SynapseState(synapseCount: n, historyLength: 2)
        var table = QTable(historyLength: 2)
        table.values = table.values.indices.map { $0 % 3 == 2 ? 1 : 0 }  // greedy: +
        Self.sweep(&network, &state, table: table, epsilon: 1, seed: 21, iteration: 3)
        let bound = 5 * (2.0 / 9 / Double(n)).squareRoot()
        for action in UInt8(0)...2 {
            let share = Double(state.actions.filter { $0 == action }.count) / Double(n)
            #expect(abs(share - 1.0 / 3) < bound, "action \(action): share \(share)")
        }
    }

    /// With ε = 0.1 the share of non-greedy actions is 2/3 · 0.1 (a random pick may hit the greedy one).
    @Test func explorationRateMatchesEpsilon() throws {
        var data = TestData(seed: 14)
        let n = 100_000
        var network = try Self.network(synapses: n, data: &data)
        var state = SynapseState(synapseCount: n, historyLength: 2)
        var table = QTable(historyLength: 2)
        table.values = table.values.indices.map { $0 % 3 == 1 ? 1 : 0 }  // greedy: none
        Self.sweep(&network, &state, table: table, epsilon: 0.1, seed: 22, iteration: 0, threads: 2)
        let share = Double(state.actions.filter { $0 != 1 }.count) / Double(n)
        let expected = 0.1 * 2 / 3
        #expect(abs(share - expected) < 5 * (expected * (1 - expected) / Double(n)).squareRoot(), "share \(share)")
    }
}
