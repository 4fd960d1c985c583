import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

@Suite struct CounterRandomTests {
    @Test func drawsArePureFunctionsOfTheirKey() {
        let key = CounterRandom.key(seed: 42, stream: .synapseActions, iteration: 7)
        #expect(key == CounterRandom.key(seed: 42, stream: .synapseActions, iteration: 7))
        #expect(key != CounterRandom.key(seed: 42, stream: .synapseActions, iteration: 8))
        #expect(key != CounterRandom.key(seed: 43, stream: .synapseActions, iteration: 7))
        #expect(key != CounterRandom.key(seed: 42, stream: .initialWeights, iteration: 7))
        var stream = CounterStream(seed: 42, stream: .synapseActions, iteration: 7)
        let sequential = (0..<5).map { _ in stream.next() }
        #expect(sequential == (0..<5).map { CounterRandom.bits(key: key, counter: UInt64($0)) })
    }

    @Test func uniformFloatsHaveTheRightMeanAndRange() {
        var stream = CounterStream(seed: 3, stream: .boundaryPoints)
        let n = 100_000
        var sum = 0.0
        for _ in 0..<n {
            let u = stream.uniform(-10, 10)
            #expect(u >= -10 && u < 10)
            sum += Double(u)
        }
        // The mean of U[−10, 10) has standard deviation 10/√(3n) ≈ 0.018; 5σ is 0.09.
        #expect(abs(sum / Double(n)) < 0.09)
    }

    @Test func indexStaysBelowItsBound() {
        var stream = CounterStream(seed: 9, stream: .minibatch)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[stream.index(below: 7)] += 1 }
        // Each count is Binomial(70000, 1/7): σ ≈ 92.6; 5σ ≈ 463.
        #expect(counts.allSatisfy { abs($0 - 10_000) < 463 }, "\(counts)")
    }
}
