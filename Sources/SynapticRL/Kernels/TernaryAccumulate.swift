import CTernaryKernel

/// counts[o, n] += Σ_i changes[o, i] · pixels[n, i]: 8-bit pixels times weight changes in steps, in
/// {−1, 0, +1} (ternary moves, the name's) or {−2, …, +2} (five-level moves), exact in Int32 (the one door to the C
/// kernel). Rows of both are `width` long, a multiple of 32, zero padded.
@_spi(Benchmarks) public enum TernaryAccumulate {
    public enum Kernel: Sendable {
        /// vpmaddubsw on AVX2 CPUs, else the portable C loop.
        case best
        case portable
    }

    public static let hasAVX2 = synrl_cpu_has_avx2() == 1
    /// Rows are padded to this many bytes: one 256-bit load.
    public static let widthMultiple = 32
    /// The most one call adds to a count in magnitude, per byte of width and unit of change: 255 (so 255 · 2 for
    /// five-level changes).
    public static let largestStepPerInput = 255
    /// The largest |change| the kernels take: 2 (a five-level move). Past it the int16 sums could overflow.
    public static let largestChange = 2

    /// Samples are split over up to `threads` threads in contiguous blocks; integers make the result independent of
    /// the split. counts is (outputs, countStride), countStride ≥ samples (default: samples): a block of a wider
    /// minibatch's counts.
    public static func run(
        changes: UnsafePointer<Int8>, outputs: Int, pixels: UnsafePointer<UInt8>, samples: Int, width: Int,
        counts: UnsafeMutablePointer<Int32>, countStride: Int? = nil, kernel: Kernel = .best, threads: Int = 1
    ) {
        let stride = countStride ?? samples
        precondition(stride >= samples, "count stride \(stride) is less than \(samples) samples")
        precondition(width % widthMultiple == 0, "row width \(width) is not a multiple of \(widthMultiple)")
        precondition(outputs >= 0 && samples >= 0, "negative shape")
        let useAVX2 = kernel == .best && hasAVX2
        Parallel.forEachBlock(count: samples, threads: threads) { block in
            let (first, count) = (block.lowerBound, block.count)
            if useAVX2 {
                synrl_ternary_accumulate_avx2(changes, outputs, pixels + first * width, count, width, counts + first, stride)
            } else {
                synrl_ternary_accumulate_portable(changes, outputs, pixels + first * width, count, width, counts + first, stride)
            }
        }
    }
}
