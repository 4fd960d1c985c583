import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

@Suite struct TemporalDifferenceTests {
    /// Q[s'] = (1, 3, 2), Q[s][+] = 0.5, R = +1, α = 0.1, γ = 0.9:
    /// Q[s][+] ← 0.5 + 0.1 · (1 + 0.9 · 3 − 0.5) = 0.82.
    @Test func oneUpdateByHand() {
        var table = QTable(historyLength: 2)
        let (s, next) = (40, 48)
        table.values[next * 3 ..< next * 3 + 3] = [1, 3, 2]
        table.values[s * 3 + 2] = 0.5
        table.temporalDifferenceUpdate(state: s, action: 2, reward: 1, nextState: next, rate: 0.1, discount: 0.9)
        #expect(abs(table.values[s * 3 + 2] - 0.82) < 1e-15)
        #expect(table.values.enumerated().filter { $0.offset != s * 3 + 2 && !(next * 3 ..< next * 3 + 3).contains($0.offset) }
            .allSatisfy { $0.element == 0 })
    }

    /// Sequential in-place semantics, n = 1, rewards +1 before and after (reward code 2 → 2), α = 0.5, γ = 0.5:
    /// synapse 0: code 2 (+), action 1 (none): s = 2·3+2 = 8, s' = 1·3+2 = 5;
    ///   Q[8][none] ← 0 + 0.5 · (1 + 0.5 · max Q[5] − 0) = 0.5 · (1 + 0) = 0.5.
    /// synapse 1: code 1 (none), action 2 (+): s = 5, s' = 8;
    ///   Q[5][+] ← 0 + 0.5 · (1 + 0.5 · max Q[8] − 0), and max Q[8] is already 0.5 → 0.625.
    /// A batched update reading the old table would give 0.5 for synapse 1.
    @Test func laterSynapsesSeeEarlierUpdates() {
        var table = QTable(historyLength: 1)
        var state = SynapseState(synapseCount: 2, historyLength: 1)
        state.actionCodes = [2, 1]
        state.actions = [1, 2]
        state.rewardCode = 2
        TemporalDifferencePass.apply(table: &table, state: state, newRewardCode: 2, reward: 1, rate: 0.5, discount: 0.5)
        #expect(table.values[8 * 3 + 1] == 0.5)
        #expect(table.values[5 * 3 + 2] == 0.625)
        #expect(table.values.filter { $0 != 0 }.count == 2)
    }

    @Test func averageIsTheMeanOfTheSamples() throws {
        var table = QTable(historyLength: 1)
        var average = QTableAverage(like: table)
        #expect(average.mean == nil)
        table.values[0] = 1
        average.add(table)
        table.values[0] = 4
        table.values[5] = -3
        average.add(table)
        let mean = try #require(average.mean)
        #expect(mean.values[0] == 2.5)
        #expect(mean.values[5] == -1.5)
    }
}
