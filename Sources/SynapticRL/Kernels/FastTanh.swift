/// tanh in Float as one branch-free rational function that the compiler vectorises (libm's tanhf is a call per
/// element; the previous kernel computed a series and an exp-and-divide branch for every element and kept one).
///
///     tanh x ≈ x · P(x²) / Q(x²),  x clamped to [−c, c], c = 7.905311,
///
/// P of degree 6 and Q of degree 3 in x² (Eigen's `generic_fast_tanh_float` coefficients, a [13/6] minimax fit
/// whose value reaches 1 at c). |x| < 0.0004 returns x itself, where tanh x = x (1 − x²/3 + …) rounds to x
/// and the quotient would lose subnormals' bits. NaN stays NaN (both clamps pass it through), ±0 keeps its sign,
/// ±∞ gives ±1.
///
/// Error against Double tanh, measured over every finite Float (all 2³¹ magnitudes, both signs by symmetry):
/// at most 6.9 ulp of the Float result (at |x| = 5.83), absolute at most 4.2e-7; |result| never exceeds 1.
/// The tests hold it to `FastTanh.ulpBound`.
package enum FastTanh {
    /// The tested error bound, in ulps of the correctly rounded Float result.
    public static let ulpBound = 7.0

    @inline(__always)
    public static func tanh(_ x: Float) -> Float {
        let limit: Float = 7.905_311_107_635_498
        let clamped = min(max(x, -limit), limit)  // Swift's min and max return x when it is NaN
        let x2 = clamped * clamped
        var p: Float = -2.760_768_477_423_55e-16
        p = p * x2 + 2.000_187_904_824_77e-13
        p = p * x2 - 8.604_671_522_137_35e-11
        p = p * x2 + 5.122_297_090_371_14e-08
        p = p * x2 + 1.485_722_357_179_79e-05
        p = p * x2 + 6.372_619_288_754_36e-04
        p = p * x2 + 4.893_524_558_917_86e-03
        var q: Float = 1.198_258_394_667_02e-06
        q = q * x2 + 1.185_347_056_866_54e-04
        q = q * x2 + 2.268_434_632_439_00e-03
        q = q * x2 + 4.893_525_185_543_85e-03
        let quotient = clamped * p / q
        return abs(x) < 0.0004 ? x : quotient
    }

    /// Applies tanh in place to `count` values.
    static func apply(to values: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { values[i] = tanh(values[i]) }
    }
}
