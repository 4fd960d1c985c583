/// The plain-loop twin of `BLAS.multiply`: the same contract, one multiply-add at a time in k order.
enum ReferenceGEMM {
    /// c = op(a) · op(b) + beta · c, row-major; op(a) is (m, k), op(b) is (k, n), c is (m, n; ldc).
    static func multiply(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        for row in 0..<m {
            for column in 0..<n {
                var sum: Float = 0
                for inner in 0..<k {
                    let left = transposeA ? a[inner * lda + row] : a[row * lda + inner]
                    let right = transposeB ? b[column * ldb + inner] : b[inner * ldb + column]
                    sum += left * right
                }
                let previous = beta == 0 ? 0 : beta * c[row * ldc + column]
                c[row * ldc + column] = previous + sum
            }
        }
    }
}
