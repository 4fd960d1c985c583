import CLAPACK
@_spi(Benchmarks) import SynapticRL

/// The one door to LAPACKE: Swift-typed, row-major, failures as errors.
package enum LAPACK {
    /// Solves a · x = b for symmetric positive definite a (n, n), b (n, columns), both row-major, by Cholesky.
    /// Returns x (n, columns).
    static func solveSymmetricPositiveDefinite(_ a: [Double], n: Int, _ b: [Double], columns: Int) throws -> [Double] {
        precondition(a.count == n * n && b.count == n * columns, "shape mismatch")
        BLAS.ensureSingleThreaded()
        var factor = a
        var solution = b
        let status = LAPACKE_dposv(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), Int32(n), Int32(columns),
                                   &factor, Int32(n), &solution, Int32(columns))
        guard status == 0 else {
            throw SynapticRLError.numerical(status > 0 ? "the normal equations are not positive definite (minor \(status))"
                                                      : "LAPACKE_dposv rejected argument \(-status)")
        }
        return solution
    }

    /// The Q factor of a (rows, columns) row-major matrix with rows ≥ columns: orthonormal columns, (rows, columns).
    static func orthonormalColumns(_ matrix: [Float], rows: Int, columns: Int) throws -> [Float] {
        precondition(rows >= columns && matrix.count == rows * columns, "shape mismatch")
        BLAS.ensureSingleThreaded()
        var q = matrix
        var tau = [Float](repeating: 0, count: columns)
        var status = LAPACKE_sgeqrf(LAPACK_ROW_MAJOR, Int32(rows), Int32(columns), &q, Int32(columns), &tau)
        guard status == 0 else { throw SynapticRLError.numerical("LAPACKE_sgeqrf failed (\(status))") }
        status = LAPACKE_sorgqr(LAPACK_ROW_MAJOR, Int32(rows), Int32(columns), Int32(columns), &q, Int32(columns), &tau)
        guard status == 0 else { throw SynapticRLError.numerical("LAPACKE_sorgqr failed (\(status))") }
        return q
    }
}
