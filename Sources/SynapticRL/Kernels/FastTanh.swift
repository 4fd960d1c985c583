/// tanh in Float as plain arithmetic that the compiler vectorises (libm's tanhf is a call per element and
/// was 94% of a 2-D iteration). Accurate to a few ulp; tests compare it with Double tanh.
///
/// |x| < 0.25: the odd Taylor series to x^13 (the next term is < 2e-12 relative there).
/// |x| ≥ 0.25: tanh|x| = (1 − e) / (1 + e) with e = exp(−2|x|) ≤ 0.61, so the subtraction loses under 2 bits;
/// exp by `FastExp`.
/// Beyond |x| = 10, e < 3e-9 and the quotient rounds to 1. NaN stays NaN.
package enum FastTanh {
    @inline(__always)
    public static func tanh(_ x: Float) -> Float {
        let magnitude = abs(x)
        // Small arguments: tanh x = x − x³/3 + 2x⁵/15 − 17x⁷/315 + 62x⁹/2835 − 1382x¹¹/155925 + 21844x¹³/6081075.
        let x2 = magnitude * magnitude
        var series: Float = 21844.0 / 6081075.0
        series = series * x2 - 1382.0 / 155925.0
        series = series * x2 + 62.0 / 2835.0
        series = series * x2 - 17.0 / 315.0
        series = series * x2 + 2.0 / 15.0
        series = series * x2 - 1.0 / 3.0
        let small = magnitude + magnitude * x2 * series

        // Large arguments through e = exp(−2|x|).
        let e = FastExp.exp(-2 * min(magnitude, 10))
        let large = (1 - e) / (1 + e)

        let result = magnitude < 0.25 ? small : large
        return x < 0 ? -result : result
    }

    /// Applies tanh in place to `count` values.
    static func apply(to values: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { values[i] = tanh(values[i]) }
    }
}
