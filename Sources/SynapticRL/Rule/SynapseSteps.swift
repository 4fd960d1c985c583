/// How far each synapse moves per action, as runs of the canonical order sharing one step multiplier:
/// the whole buffer when biases move like weights, else a bias run and an input run per neuron.
@_spi(Benchmarks) public struct SynapseSteps: Sendable, Equatable {
    public struct Run: Sendable, Equatable {
        public let range: Range<Int>
        public let multiplier: Float
    }

    public let runs: [Run]
    public let biasMultiplier: Float

    public init(network: Network, biasMultiplier: Float) {
        self.biasMultiplier = biasMultiplier
        guard biasMultiplier != 1 else {
            runs = [Run(range: 0..<network.synapseCount, multiplier: 1)]
            return
        }
        var runs: [Run] = []
        for layer in 0..<network.layerCount {
            let row = network.rowLength(ofLayer: layer)
            for rowStart in stride(from: network.layerOffsets[layer], to: network.weightRange(ofLayer: layer).upperBound, by: row) {
                runs.append(Run(range: rowStart..<(rowStart + 1), multiplier: biasMultiplier))
                runs.append(Run(range: (rowStart + 1)..<(rowStart + row), multiplier: 1))
            }
        }
        self.runs = runs
    }
}
