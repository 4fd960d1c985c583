import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

@Suite struct ForwardPassTests {
    /// Layer shapes around vector widths, with 0, 1 and 2 hidden layers.
    static let shapes: [[Int]] = [[3, 5], [15, 10], [16, 1], [17, 16, 4], [2, 100, 1], [33, 32, 31, 2], [31, 17, 10]]

    @Test(arguments: shapes)
    func blasMatchesPlainLoops(sizes: [Int]) throws {
        var data = TestData(seed: UInt64(sizes.reduce(0, +)))
        for batchSize in [1, 7, 33] {
            // Any activation inside; the last layer never ReLU, whose single output could be all zeros.
            let hidden = (0..<(sizes.count - 2)).map { _ in Activation.allCases[data.int(below: Activation.allCases.count)] }
            let activations = hidden + [[Activation.tanh, .sigmoid, .identity][data.int(below: 3)]]
            var network = try Network(sizes: sizes, activations: activations)
            network.weights = data.floats(network.synapseCount)
            let input = try Batch(features: sizes[0], count: batchSize, values: data.floats(sizes[0] * batchSize, in: -2...2))
            let fast = ForwardPass(network: network, batchSize: batchSize)
            let twin = ForwardPass(network: network, batchSize: batchSize)
            try fast.run(network, on: input, engine: .blas)
            try twin.run(network, on: input, engine: .plainLoops)
            let (a, b) = (fast.output, twin.output)
            let worst = zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max()!
            #expect(worst <= Tolerance.blasRelative, "\(sizes) batch \(batchSize) \(activations): worst relative \(worst)")
            #expect(b.contains { $0 != 0 }, "the reference output is all zeros: the comparison would prove nothing")
        }
    }

    /// A 2-2-1 network (ReLU hidden, identity output) worked out by hand.
    /// W1 = [[0.5 | 1, −1], [−1 | 2, 0.5]], W2 = [[0.25 | 1, −2]] (bias first).
    /// x = (1, 2): h = relu(0.5 + 1 − 2, −1 + 2 + 1) = (0, 2); y = 0.25 + 0 − 4 = −3.75.
    /// x = (3, 1): h = relu(0.5 + 3 − 1, −1 + 6 + 0.5) = (2.5, 5.5); y = 0.25 + 2.5 − 11 = −8.25.
    /// Targets (−3.5, −8): residual (−0.25, −0.25), Euclidean loss √0.125 / 2.
    @Test func twoTwoOneGoldenCase() throws {
        var network = try Network(sizes: [2, 2, 1], activations: [.relu, .identity])
        network.weights = [0.5, 1, -1, -1, 2, 0.5, 0.25, 1, -2]
        let input = try Batch(features: 2, count: 2, values: [1, 3, 2, 1])  // features-major: x row, then y row
        for engine in [ForwardEngine.blas, .plainLoops] {
            let pass = ForwardPass(network: network, batchSize: 2)
            try pass.run(network, on: input, engine: engine)
            #expect(pass.output == [-3.75, -8.25])
            let loss = pass.withOutput { prediction in
                [Float(-3.5), -8].withUnsafeBufferPointer {
                    Loss.euclidean(prediction: prediction, target: $0, outputs: 1, samples: 2)
                }
            }
            #expect(abs(loss - 0.125.squareRoot() / 2) < 1e-12)
        }
    }

    /// The same 2-2-1 shape with tanh on both layers, against a Double computation.
    @Test func twoTwoOneTanhAgainstDouble() throws {
        var network = try Network(sizes: [2, 2, 1], activations: [.tanh, .tanh])
        network.weights = [0.1, 0.7, -0.3, -0.2, 0.4, 0.9, 0.05, 1.3, -0.8]
        let input = try Batch(features: 2, count: 1, values: [0.6, -1.1])
        let pass = ForwardPass(network: network, batchSize: 1)
        try pass.run(network, on: input)
        let w = network.weights.map(Double.init)
        let h1 = tanh(w[0] + w[1] * 0.6 + w[2] * -1.1)
        let h2 = tanh(w[3] + w[4] * 0.6 + w[5] * -1.1)
        let y = tanh(w[6] + w[7] * h1 + w[8] * h2)
        #expect(abs(Double(pass.output[0]) - y) < 1e-6)
    }

    @Test func networkRejectsNonsenseShapes() {
        #expect(throws: SynapticRLError.self) { try Network(sizes: [3], activations: []) }
        #expect(throws: SynapticRLError.self) { try Network(sizes: [3, 0, 1], activations: [.relu, .identity]) }
        #expect(throws: SynapticRLError.self) { try Network(sizes: [3, 2], activations: [.relu, .identity]) }
    }

    @Test func canonicalOrderPutsTheBiasFirstInEveryRow() throws {
        let network = try Network(sizes: [3, 2, 2], activations: [.relu, .identity])
        #expect(network.synapseCount == 2 * 4 + 2 * 3)
        let biases = (0..<network.synapseCount).filter(network.isBias)
        #expect(biases == [0, 4, 8, 11])
    }
}

@Suite struct ForwardPassShapeTests {
    /// A batch or network of another shape than the pass was made for: an error a caller can handle, not a trap.
    @Test func aMismatchedBatchOrNetworkIsAnError() throws {
        let network = try Network(sizes: [3, 2], activations: [.identity])
        let pass = ForwardPass(network: network, batchSize: 4)
        #expect(throws: SynapticRLError.invalidParameter("a batch of 5 samples × 3 features does not fit a forward pass made for 4 × 3")) {
            try pass.run(network, on: try Batch(features: 3, count: 5, values: [Float](repeating: 0, count: 15)))
        }
        let other = try Network(sizes: [3, 4], activations: [.identity])
        #expect(throws: SynapticRLError.self) {
            try pass.run(other, on: try Batch(features: 3, count: 4, values: [Float](repeating: 0, count: 12)))
        }
        try pass.run(network, on: try Batch(features: 3, count: 4, values: [Float](repeating: 1, count: 12)))
    }
}
