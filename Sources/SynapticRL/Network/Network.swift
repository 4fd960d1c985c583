/// A multilayer perceptron whose every weight lives in ONE contiguous Float32 buffer.
///
/// Layer l maps sizes[l] inputs to sizes[l+1] outputs through a (outputs, inputs + 1) row-major matrix whose
/// column 0 is the bias (the paper's constant-1 augmented input). The buffer is the layers in order, so its
/// index order is the canonical synapse order: layer by layer, neuron by neuron, bias first, then inputs.
public struct Network: Sendable, Equatable {
    public let sizes: [Int]
    public let activations: [Activation]
    public var weights: [Float]
    /// Where each layer's matrix starts in `weights`.
    public let layerOffsets: [Int]

    public init(sizes: [Int], activations: [Activation]) throws {
        guard sizes.count >= 2 else {
            throw SynapticRLError.invalidParameter("a network needs at least an input and an output layer")
        }
        guard sizes.allSatisfy({ $0 >= 1 }) else {
            throw SynapticRLError.invalidParameter("every layer needs at least one unit, got \(sizes)")
        }
        guard activations.count == sizes.count - 1 else {
            throw SynapticRLError.invalidParameter("\(sizes.count - 1) layers need as many activations, got \(activations.count)")
        }
        var offsets: [Int] = []
        var total = 0
        for layer in 0..<(sizes.count - 1) {
            offsets.append(total)
            // Sizes from a damaged file can be anything: overflow is an error, not a trap.
            let (matrix, overflow) = sizes[layer + 1].multipliedReportingOverflow(by: sizes[layer] + 1)
            guard !overflow, matrix <= Int(UInt32.max) - total else {
                throw SynapticRLError.invalidParameter("a network \(sizes) has more than the 2^32 synapses that synapse indices address")
            }
            total += matrix
        }
        self.sizes = sizes
        self.activations = activations
        self.layerOffsets = offsets
        self.weights = [Float](repeating: 0, count: total)
    }

    public var layerCount: Int { sizes.count - 1 }
    public var synapseCount: Int { weights.count }
    public var inputCount: Int { sizes[0] }
    public var outputCount: Int { sizes[sizes.count - 1] }

    public func inputs(ofLayer layer: Int) -> Int { sizes[layer] }
    public func outputs(ofLayer layer: Int) -> Int { sizes[layer + 1] }
    /// Synapses per neuron of `layer`: its inputs plus the bias.
    public func rowLength(ofLayer layer: Int) -> Int { sizes[layer] + 1 }

    /// The index range of `layer`'s (outputs, inputs + 1) matrix in `weights`.
    public func weightRange(ofLayer layer: Int) -> Range<Int> {
        let start = layerOffsets[layer]
        return start..<(start + outputs(ofLayer: layer) * rowLength(ofLayer: layer))
    }

    /// Whether synapse `index` is a bias (column 0 of its layer's matrix).
    public func isBias(_ index: Int) -> Bool {
        let layer = layerOffsets.lastIndex { $0 <= index }!
        return (index - layerOffsets[layer]) % rowLength(ofLayer: layer) == 0
    }

    /// Weights uniform in [−range, range), biases `bias`, drawn in canonical order from `generator`.
    public mutating func initialize(weightRange range: Float, bias: Float = 0, using generator: inout CounterStream) {
        for layer in 0..<layerCount {
            let row = rowLength(ofLayer: layer)
            for index in weightRange(ofLayer: layer) {
                let isBiasColumn = (index - layerOffsets[layer]) % row == 0
                weights[index] = isBiasColumn ? bias : generator.uniform(-range, range)
            }
        }
    }
}
