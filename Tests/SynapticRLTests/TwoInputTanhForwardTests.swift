import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// The fused 2-H-1 tanh forward pass against its scalar twin (exactly: same arithmetic, same order) and against
/// the layer-by-layer ForwardPass (BLAS GEMMs, which sum in another order: `Tolerance.blasRelative`).
@Suite struct TwoInputTanhForwardTests {
    static func network(hiddenUnits: Int, data: inout TestData) throws -> Network {
        var network = try Network(sizes: [2, hiddenUnits, 1], activations: [.tanh, .tanh])
        network.weights = data.floats(network.synapseCount)
        return network
    }

    @Test(arguments: [1, 7, 8, 9, 100])
    func fusedKernelMatchesItsScalarTwinExactly(hiddenUnits: Int) throws {
        for count in [1, 15, 16, 17, 33, 256, 1000] {
            var data = TestData(seed: UInt64(31 * hiddenUnits + count))
            let network = try Self.network(hiddenUnits: hiddenUnits, data: &data)
            let points = try Batch(features: 2, count: count, values: data.floats(2 * count, in: -10...10))
            var fused = [Float](repeating: .nan, count: count)
            // In two blocks, the second starting off a vector boundary.
            let split = count / 3
            fused.withUnsafeMutableBufferPointer { outputs in
                TwoInputTanhForward.compute(network, on: points, range: 0..<split, into: outputs.baseAddress!)
                TwoInputTanhForward.compute(network, on: points, range: split..<count, into: outputs.baseAddress!)
            }
            #expect(fused == TwoInputTanhForward.scalarTwin(network, on: points), "H = \(hiddenUnits), \(count) points")
        }
    }

    @Test(arguments: [1, 9, 100])
    func fusedKernelAgreesWithTheLayeredForwardPass(hiddenUnits: Int) throws {
        var data = TestData(seed: UInt64(7_000 + hiddenUnits))
        let network = try Self.network(hiddenUnits: hiddenUnits, data: &data)
        let count = 513
        let points = try Batch(features: 2, count: count, values: data.floats(2 * count, in: -10...10))
        let pass = ForwardPass(network: network, batchSize: count)
        try pass.run(network, on: points)
        let layered = pass.output
        let twin = TwoInputTanhForward.scalarTwin(network, on: points)
        // The output pre-activation sums H products of magnitude ≤ |vⱼ|; tanh' ≤ 1 carries its error to y.
        let magnitude = network.weights[network.layerOffsets[1]...].reduce(0) { $0 + abs($1) }
        let worst = zip(twin, layered).map { abs($0 - $1) }.max()!
        #expect(worst <= Tolerance.blasRelative * magnitude, "worst difference \(worst), magnitude \(magnitude)")
        #expect(twin.contains { abs($0) > 0.1 }, "outputs near zero would prove little")
    }

    /// The 2-D task's loss is the same for any thread count (fixed chunks, summed in chunk order).
    @Test func boundaryLossDoesNotDependOnTheThreadCount() throws {
        var data = TestData(seed: 99)
        let tasks = try [1, 2, 3].map { try BoundaryTask(seed: 8, threads: $0) }
        let learner = try Self.network(hiddenUnits: 100, data: &data)
        let losses = tasks.map { $0.loss(of: learner) }
        #expect(losses.allSatisfy { $0 == losses[0] }, "\(losses)")
        #expect(tasks.map { $0.accuracyOfLastEvaluation() }.allSatisfy { $0 == tasks[0].accuracyOfLastEvaluation() })
        // And equal to the Euclidean loss of the twin's outputs.
        let twin = TwoInputTanhForward.scalarTwin(learner, on: tasks[0].points)
        let expected = twin.withUnsafeBufferPointer { prediction in
            tasks[0].targetOutputs.withUnsafeBufferPointer {
                Loss.euclidean(prediction: prediction, target: $0, outputs: 1, samples: twin.count)
            }
        }
        #expect(losses[0] == expected)
    }
}
