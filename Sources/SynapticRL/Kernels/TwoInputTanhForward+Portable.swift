extension TwoInputTanhForward {
    /// The kernel for CPUs without AVX2: y accumulates the output pre-activation unit by unit over the whole
    /// block, then takes its tanh; the loops over points are the compiler's to vectorise. Swift never fuses a
    /// multiply and an add, so this gives the twin's bits on any target.
    static func portableForwardBlock(hidden: UnsafePointer<Float>, hiddenUnits: Int, output: UnsafePointer<Float>,
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
