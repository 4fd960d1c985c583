import CTernaryKernel

/// The forward pass of a 2-H-1 network with tanh on both layers (the 2-D task's shape), fused over one block of
/// points: for two inputs a GEMM is mostly overhead, so each hidden unit's pre-activation, its tanh and its share
/// of the output are computed in one sweep of the block, with the block's outputs as the only buffer.
///
///     y[p] = tanh(v₀ + Σⱼ vⱼ · tanh(Wⱼ₀ + Wⱼ₁ x₀[p] + Wⱼ₂ x₁[p])),  j = 1…H in order,
///
/// W the hidden layer's (H, 3) row-major weights (bias first), v the output layer's (1, H + 1). Each point's
/// arithmetic is the scalar twin's (`scalarTwin`), in the same order and without FMA, so every kernel agrees
/// with it exactly, whatever CPU or build flags.
@_spi(Benchmarks) public enum TwoInputTanhForward {
    public enum Kernel: Sendable, CaseIterable {
        /// The C kernel on AVX2 CPUs (32 points' sums kept in registers while all units are swept), else portable.
        case best
        /// The Swift loop over points (unit by unit over the whole block), which the compiler vectorises.
        case portable
    }

    /// The network's outputs on `range` of the points, written to outputs[range].
    /// `points` is (2, count) features-major; `outputs` holds at least `points.count` values.
    public static func compute(_ network: Network, on points: Batch, range: Range<Int>,
                               into outputs: UnsafeMutablePointer<Float>, kernel: Kernel = .best) {
        precondition(network.sizes.count == 3 && network.sizes[0] == 2 && network.sizes[2] == 1
                     && network.activations == [.tanh, .tanh], "a 2-H-1 tanh network is needed, got \(network.sizes)")
        precondition(points.features == 2 && range.lowerBound >= 0 && range.upperBound <= points.count, "points do not fit")
        network.weights.withUnsafeBufferPointer { weights in
            points.values.withUnsafeBufferPointer { coordinates in
                forwardBlock(hidden: weights.baseAddress! + network.layerOffsets[0], hiddenUnits: network.sizes[1],
                             output: weights.baseAddress! + network.layerOffsets[1],
                             x0: coordinates.baseAddress! + range.lowerBound,
                             x1: coordinates.baseAddress! + points.count + range.lowerBound,
                             count: range.count, into: outputs + range.lowerBound, kernel: kernel)
            }
        }
    }

    /// hidden is (hiddenUnits, 3), output is (hiddenUnits + 1), x0 and x1 are (count), y is (count).
    static func forwardBlock(hidden: UnsafePointer<Float>, hiddenUnits: Int, output: UnsafePointer<Float>,
                             x0: UnsafePointer<Float>, x1: UnsafePointer<Float>, count: Int,
                             into y: UnsafeMutablePointer<Float>, kernel: Kernel) {
        #if arch(x86_64) || arch(i386)
        if kernel == .best && TernaryAccumulate.hasAVX2 {
            synrl_two_input_tanh_forward_avx2(hidden, hiddenUnits, output, x0, x1, count, y)
            return
        }
        #endif
        portableForwardBlock(hidden: hidden, hiddenUnits: hiddenUnits, output: output, x0: x0, x1: x1,
                             count: count, into: y)
    }
}
