/// exp and log in Float as plain arithmetic that the compiler vectorises (libm's are a call per element).
/// Tests compare both with Double references.
package enum FastExp {
    /// exp(x) for x clamped to [−87, 88] (so the result stays a normal Float): range reduction
    /// e^x = 2^k · e^r, |r| ≤ ln2/2, and a degree-7 Taylor polynomial (error < 6e-9 relative). NaN stays NaN.
    @inline(__always)
    public static func exp(_ x: Float) -> Float {
        reducedExp(x.isNaN ? x : min(max(x, -87), 88))
    }

    /// `exp(x)` for x ≤ 0 or NaN, the arguments the cross-entropy has (z − max z): the same bits, without the NaN
    /// select and the upper clamp, which such x never need (Swift's max returns x when it is NaN).
    @inline(__always)
    public static func expOfNonPositive(_ x: Float) -> Float {
        reducedExp(max(x, -87))
    }

    /// e^y for y in [−87, 88] or NaN: the range reduction and the polynomial.
    @inline(__always)
    private static func reducedExp(_ y: Float) -> Float {
        let shifter: Float = 12_582_912  // 1.5 · 2^23: adding it rounds to an integer held in the low mantissa bits
        let shifted = y * 1.442_695_04 + shifter
        let k = shifted - shifter
        let r = (y - k * 0.693_145_75) - k * 1.428_606_8e-6  // ln 2 split high/low so k · ln2 is exact enough
        var p: Float = 1.0 / 5040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let exponentBits = (shifted.bitPattern &- shifter.bitPattern &+ 127) << 23
        return p * Float(bitPattern: exponentBits)
    }

    /// log(x) for x ≥ the smallest normal Float: x = 2^e · m with m in [√½, √2), then
    /// log m = 2 atanh t, t = (m − 1)/(m + 1), |t| < 0.172, by its odd series to t^9 (error < 1e-9).
    /// NaN and +∞ come back unchanged.
    @inline(__always)
    public static func log(_ x: Float) -> Float {
        let bits = x.bitPattern
        // Subtracting the bits of √½ puts m in [√½, √2) rather than [1, 2), so |t| stays small.
        let offset = bits &- 0x3F35_04F3
        let e = Int32(bitPattern: offset) >> 23
        let m = Float(bitPattern: bits &- (UInt32(bitPattern: e) << 23))
        let t = (m - 1) / (m + 1)
        let t2 = t * t
        var series: Float = 1.0 / 9
        series = series * t2 + 1.0 / 7
        series = series * t2 + 1.0 / 5
        series = series * t2 + 1.0 / 3
        series = series * t2 + 1
        let result = Float(e) * 0.693_147_18 + 2 * t * series
        return x.isFinite ? result : x
    }
}
