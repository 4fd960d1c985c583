extension TwoInputTanhForward {
    /// The plain twin that tests compare the fused kernel with: one point at a time, one unit at a time, the
    /// same arithmetic in the same order, on Swift arrays. `points` is (2, count) features-major.
    public static func scalarTwin(_ network: Network, on points: Batch) -> [Float] {
        let hiddenUnits = network.sizes[1]
        let hidden = Array(network.weights[network.layerOffsets[0]..<network.layerOffsets[1]])
        let output = Array(network.weights[network.layerOffsets[1]...])
        return (0..<points.count).map { p in
            let (x0, x1) = (points[0, p], points[1, p])
            var sum = output[0]
            for unit in 0..<hiddenUnits {
                sum += output[1 + unit] * FastTanh.tanh(hidden[3 * unit] + hidden[3 * unit + 1] * x0 + hidden[3 * unit + 2] * x1)
            }
            return FastTanh.tanh(sum)
        }
    }
}
