import Benchmark
@_spi(Benchmarks) import SynapticRL

/// The adaptive-mode TD pass: every synapse, sequentially, in place (the authors' semantics).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(2))
    for count in [7850, 25_450] {
        var state = SynapseState(synapseCount: count, historyLength: 2)
        var draws = CounterStream(seed: 3, stream: .minibatch)
        state.actionCodes = (0..<count).map { _ in UInt8(draws.index(below: 9)) }
        state.actions = (0..<count).map { _ in UInt8(draws.index(below: 3)) }
        state.rewardCode = 5
        let start = try! PolicyFile.authorsGolden().table
        Benchmark("sequential TD \(count) synapses") { benchmark in
            var table = start
            for _ in benchmark.scaledIterations {
                TemporalDifferencePass.apply(table: &table, state: state, newRewardCode: 6, reward: 1, rate: 0.01, discount: 0.9)
            }
            blackHole(table.values[0])
        }
    }
}
