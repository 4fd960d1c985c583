import CBLAS

/// The one door to OpenBLAS: Swift-typed parameters, checked counts, no CBLAS enums beyond this file.
public enum BLAS {
    /// Sets how many threads OpenBLAS may use for every later call (process-wide). Not to be called while
    /// another thread is inside a BLAS call: OpenBLAS resizes its thread pool here.
    public static func setThreadCount(_ threads: Int) {
        precondition(threads >= 1, "BLAS thread count must be at least 1")
        openblas_set_num_threads(Int32(clamping: threads))
    }

    /// c = op(a) · op(b) + beta · c, all row-major; op transposes when asked.
    /// op(a) is (m, k) and op(b) is (k, n); a, b, c have leading dimensions lda, ldb, ldc as stored.
    static func multiply(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "negative GEMM dimension")
        precondition(lda >= max(transposeA ? m : k, 1) && ldb >= max(transposeB ? k : n, 1) && ldc >= max(n, 1),
                     "GEMM leading dimension too small")
        let limit = Int(Int32.max)
        precondition([m, n, k, lda, ldb, ldc].allSatisfy { $0 <= limit }, "GEMM dimension exceeds the Int32 range of CBLAS")
        guard m > 0 && n > 0 else { return }
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k),
            1, a, Int32(lda), b, Int32(ldb),
            beta, c, Int32(ldc))
    }
}
