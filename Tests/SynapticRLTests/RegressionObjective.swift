@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// A fixed regression problem for trainer tests: the Euclidean loss of a network on one batch.
final class RegressionObjective: Objective {
    let input: Batch
    let targets: [Float]
    let pass: ForwardPass

    init(sizes: [Int], input: Batch, targets: [Float]) {
        self.input = input
        self.targets = targets
        pass = ForwardPass(sizes: sizes, batchSize: input.count)
    }

    func loss(of network: Network) throws -> Double {
        try pass.run(network, on: input)
        return pass.withOutput { prediction in
            targets.withUnsafeBufferPointer {
                Loss.euclidean(prediction: prediction, target: $0, outputs: network.outputCount, samples: input.count)
            }
        }
    }
}
