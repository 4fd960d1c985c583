import CBLAS

/// The one door to OpenBLAS: Swift-typed parameters, checked counts, no CBLAS enums beyond this file.
///
/// OpenBLAS always runs on one thread: its threaded sgemm splits the work by thread count, and the split
/// changes the last bits of the result. Our threads instead share out fixed column blocks of C, each one
/// sgemm call, so every element comes from the same call whatever `threads` is.
@_spi(Benchmarks) public enum BLAS {
    /// Columns of C per sgemm call. Fixed, so results do not depend on the thread count; wide enough that
    /// packing A again per block costs little (measured in `make bench`).
    public static let columnBlock = 512

    private static let singleThreaded: Void = openblas_set_num_threads(1)

    /// Keeps OpenBLAS (and the LAPACK inside it) on one thread; every entry point calls it first.
    package static func ensureSingleThreaded() { _ = singleThreaded }

    /// c = op(a) · op(b) + beta · c, all row-major; op transposes when asked.
    /// op(a) is (m, k) and op(b) is (k, n); a, b, c have leading dimensions lda, ldb, ldc as stored.
    /// Column blocks of `columnBlock` are shared out over up to `threads` threads.
    package static func multiply(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        threads: Int = 1
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "negative GEMM dimension")
        precondition(lda >= max(transposeA ? m : k, 1) && ldb >= max(transposeB ? k : n, 1) && ldc >= max(n, 1),
                     "GEMM leading dimension too small")
        let limit = Int(Int32.max)
        precondition([m, n, k, lda, ldb, ldc].allSatisfy { $0 <= limit }, "GEMM dimension exceeds the Int32 range of CBLAS")
        guard m > 0 && n > 0 else { return }
        ensureSingleThreaded()
        let blocks = (n + columnBlock - 1) / columnBlock
        Parallel.forEachBlock(count: blocks, threads: threads) { range in
            for block in range {
                let first = block * columnBlock
                // Columns first… of op(b): columns of b, or rows of b when it is transposed.
                let columns = b + (transposeB ? first * ldb : first)
                sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: min(columnBlock, n - first), k: k,
                      a: a, lda: lda, b: columns, ldb: ldb, beta: beta, c: c + first, ldc: ldc)
            }
        }
    }

    /// One cblas_sgemm call.
    private static func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k),
            1, a, Int32(lda), b, Int32(ldb),
            beta, c, Int32(ldc))
    }
}
