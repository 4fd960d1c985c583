import SynapticRL

extension Network {
    /// Orthogonal initialisation: each layer's input weights (out, in) get orthonormal rows or columns (the Q
    /// of a QR of a standard Gaussian matrix, Saxe et al. 2014) times `gain`; biases 0.
    public mutating func initializeOrthogonal(gain: Float = 1, using generator: inout CounterStream) throws {
        for layer in 0..<layerCount {
            let (inputs, outputs, row) = (inputs(ofLayer: layer), outputs(ofLayer: layer), rowLength(ofLayer: layer))
            let (tall, wide) = (max(inputs, outputs), min(inputs, outputs))
            let gaussian = (0..<(tall * wide)).map { _ in generator.standardNormal() }
            let q = try LAPACK.orthonormalColumns(gaussian, rows: tall, columns: wide)  // (tall, wide)
            let base = layerOffsets[layer]
            for neuron in 0..<outputs {
                weights[base + neuron * row] = 0
                for input in 0..<inputs {
                    // W (out, in) = Q if out ≥ in, else Qᵀ.
                    let value = outputs >= inputs ? q[neuron * wide + input] : q[input * wide + neuron]
                    weights[base + neuron * row + 1 + input] = gain * value
                }
            }
        }
    }
}
