/// tanh in Float as one branch-free rational function that the compiler vectorises (libm's tanhf is a call per
/// element; the previous kernel computed a series and an exp-and-divide branch for every element and kept one).
///
///     tanh x ≈ x · P(x²) / Q(x²),  x clamped to [−c, c], c = 7.905311,
///
/// P of degree 6 and Q of degree 3 in x²: Eigen's `generic_fast_tanh_float` [13/6] minimax fit, whose value
/// reaches 1 at c, with both polynomials divided by Q's constant term so that Q(0) = 1 and P(0) = 1 − 1.2e-7.
/// Then tiny and subnormal x need no branch of their own: x · P / Q rounds to within 2 ulp of x, where the
/// unscaled form (P(0) = 0.0049) lost subnormals' bits. NaN stays NaN (both clamps pass it through), ±0 keeps
/// its sign; beyond the clamp (±∞ included) the value is ±(1 − 3·2⁻²⁴), 3 Floats below tanh's rounded ±1.
///
/// Error against Double tanh, measured over every finite Float (all 2³¹ magnitudes, both signs by symmetry):
/// at most 6.4 ulp of the Float result (at |x| = 5.03), absolute at most 3.9e-7; |result| never exceeds 1.
/// The tests hold it to `FastTanh.ulpBound`.
@_spi(Benchmarks) public enum FastTanh {
    /// The tested error bound, in ulps of the correctly rounded Float result.
    public static let ulpBound = 7.0

    @inline(__always)
    public static func tanh(_ x: Float) -> Float {
        let limit: Float = 7.905_311_107_635_498
        let clamped = min(max(x, -limit), limit)  // Swift's min and max return x when it is NaN
        let x2 = clamped * clamped
        var p: Float = -5.641_676_159e-14
        p = p * x2 + 4.087_417_210e-11
        p = p * x2 - 1.758_378_865e-08
        p = p * x2 + 1.046_749_912e-05
        p = p * x2 + 3.036_098_322e-03
        p = p * x2 + 1.302_255_392e-01
        p = p * x2 + 9.999_998_808e-01
        var q: Float = 2.448_660_962e-04
        q = q * x2 + 2.422_276_326e-02
        q = q * x2 + 4.635_583_758e-01
        q = q * x2 + 1
        return clamped * p / q
    }

    /// Applies tanh in place to `count` values.
    public static func apply(to values: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { values[i] = tanh(values[i]) }
    }
}
