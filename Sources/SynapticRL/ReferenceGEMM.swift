/// The plain-loop twin of `BLAS.multiply`: the same contract, one multiply-add at a time in k order.
enum ReferenceGEMM {
    /// c = a · b + beta · c; a is (m, k; lda), b is (k, n; ldb), c is (m, n; ldc), all row-major.
    static func multiply(
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
                    sum += a[row * lda + inner] * b[inner * ldb + column]
                }
                let previous = beta == 0 ? 0 : beta * c[row * ldc + column]
                c[row * ldc + column] = previous + sum
            }
        }
    }
}
