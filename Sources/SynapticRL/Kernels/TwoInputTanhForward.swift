/// The forward pass of a 2-H-1 network with tanh on both layers (the 2-D task's shape), fused over one block of
/// points: for two inputs a GEMM is mostly overhead, so each hidden unit's pre-activation, its tanh and its share
/// of the output are computed in one sweep of the block, with the block's outputs as the only buffer.
///
///     y[p] = tanh(v₀ + Σⱼ vⱼ · tanh(Wⱼ₀ + Wⱼ₁ x₀[p] + Wⱼ₂ x₁[p])),  j = 1…H in order,
///
/// W the hidden layer's (H, 3) row-major weights (bias first), v the output layer's (1, H + 1). Each point's
/// arithmetic is the scalar twin's (`scalarTwin`), in the same order, so the two agree exactly; the loop runs
/// across points, which the compiler vectorises.
@_spi(Benchmarks) public enum TwoInputTanhForward {
    /// The network's outputs on `range` of the points, written to outputs[range].
    /// `points` is (2, count) features-major; `outputs` holds at least `points.count` values.
    public static func compute(_ network: Network, on points: Batch, range: Range<Int>, into outputs: UnsafeMutablePointer<Float>) {
        precondition(network.sizes.count == 3 && network.sizes[0] == 2 && network.sizes[2] == 1
                     && network.activations == [.tanh, .tanh], "a 2-H-1 tanh network is needed, got \(network.sizes)")
        precondition(points.features == 2 && range.lowerBound >= 0 && range.upperBound <= points.count, "points do not fit")
        network.weights.withUnsafeBufferPointer { weights in
            points.values.withUnsafeBufferPointer { coordinates in
                forwardBlock(hidden: weights.baseAddress! + network.layerOffsets[0], hiddenUnits: network.sizes[1],
                             output: weights.baseAddress! + network.layerOffsets[1],
                             x0: coordinates.baseAddress! + range.lowerBound,
                             x1: coordinates.baseAddress! + points.count + range.lowerBound,
                             count: range.count, into: outputs + range.lowerBound)
            }
        }
    }

    /// hidden is (hiddenUnits, 3), output is (hiddenUnits + 1), x0 and x1 are (count), y is (count): y accumulates
    /// the output pre-activation unit by unit, then takes its tanh.
    static func forwardBlock(hidden: UnsafePointer<Float>, hiddenUnits: Int, output: UnsafePointer<Float>,
                             x0: UnsafePointer<Float>, x1: UnsafePointer<Float>, count: Int,
                             into y: UnsafeMutablePointer<Float>) {
        y.update(repeating: output[0], count: count)
        for unit in 0..<hiddenUnits {
            let (bias, w0, w1, v) = (hidden[3 * unit], hidden[3 * unit + 1], hidden[3 * unit + 2], output[1 + unit])
            for p in 0..<count { y[p] += v * FastTanh.tanh(bias + w0 * x0[p] + w1 * x1[p]) }
        }
        for p in 0..<count { y[p] = FastTanh.tanh(y[p]) }
    }
}
