/// Which hidden units of a network take part on a minibatch, for a run's introspection: a layer none of whose
/// units is active is silent, and everything after it sees a constant.
///
/// A unit is active on the batch when, for at least one sample, its activation a is
///     ReLU: a > 0;  tanh: |a| < 0.99;  sigmoid: 0.01 < a < 0.99 (not saturated);  identity: always.
/// A dead ReLU unit (0 on every sample) and a saturated tanh or sigmoid unit (the same ±1, 0 or 1 for every
/// sample, to within 1%) are not.
public enum HiddenActivity {
    public static let saturation: Float = 0.99

    /// Whether a unit of `activation` is active when its outputs over the batch are `values`.
    public static func isActive(_ activation: Activation, values: UnsafeBufferPointer<Float>) -> Bool {
        switch activation {
        case .relu: return values.contains { $0 > 0 }
        case .tanh: return values.contains { abs($0) < saturation }
        case .sigmoid: return values.contains { $0 > 1 - saturation && $0 < saturation }
        case .identity: return true
        }
    }

    /// Per hidden layer (every layer but the last), the share of its units active on `batch`: one plain
    /// forward pass, made at a report only.
    public static func activeShares(of network: Network, on batch: Batch, threads: Int = 1) throws -> [Double] {
        guard network.layerCount > 1 else { return [] }
        let pass = ForwardPass(network: network, batchSize: batch.count, threads: threads)
        try pass.run(network, on: batch)
        return (0..<(network.layerCount - 1)).map { layer in
            // Layer output is (units, batch) row-major: unit u's samples are one contiguous row.
            pass.withLayerOutput(layer) { outputs in
                let (units, samples) = (network.outputs(ofLayer: layer), batch.count)
                var active = 0
                for unit in 0..<units {
                    let row = UnsafeBufferPointer(rebasing: outputs[(unit * samples)..<((unit + 1) * samples)])
                    if isActive(network.activations[layer], values: row) { active += 1 }
                }
                return Double(active) / Double(units)
            }
        }
    }
}
