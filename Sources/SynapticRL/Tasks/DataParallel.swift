/// How this process shares every minibatch with others (`synrl-mpi`): it evaluates a fixed share of the samples,
/// and the minibatch's loss is the ordered sum of every fixed chunk's sum, whichever process computed it, so
/// each process gets the same bits as a single process would.
///
/// Shares are whole `BLAS.columnBlock`s (a multiple of `ChunkedSum.chunkSize`), so every GEMM column and every
/// chunk is computed exactly as in the single process. The core knows nothing of MPI: `gather` and `agree` are
/// the transport.
public struct DataParallel {
    public let rank: Int
    public let size: Int
    /// Puts every process's chunk sums, in rank order, into the whole minibatch's chunk sums (an allgather).
    public let gather: (_ local: UnsafeBufferPointer<Double>, _ all: UnsafeMutableBufferPointer<Double>) -> Void
    /// True on every process when any of them asks to stop (an allreduce), so all stop after the same iteration.
    public let agree: (_ stopRequested: Bool) -> Bool
    /// Every process's array concatenated in rank order on the lead, nil elsewhere (a gather, for checkpoints).
    public let collectFloats: ([Float]) -> [Float]?
    public let collectIntegers: ([Int32]) -> [Int32]?

    public init(rank: Int, size: Int, gather: @escaping (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void,
                agree: @escaping (Bool) -> Bool, collectFloats: @escaping ([Float]) -> [Float]?,
                collectIntegers: @escaping ([Int32]) -> [Int32]?) {
        precondition(size >= 1 && (0..<size).contains(rank), "rank \(rank) of \(size)")
        (self.rank, self.size, self.gather, self.agree) = (rank, size, gather, agree)
        (self.collectFloats, self.collectIntegers) = (collectFloats, collectIntegers)
    }

    /// Process `rank`'s samples of a minibatch of `samples`: a contiguous run of whole column blocks.
    public static func share(rank: Int, of size: Int, samples: Int) -> Range<Int> {
        let blocks = (samples + BLAS.columnBlock - 1) / BLAS.columnBlock
        let first = rank * blocks / size, end = (rank + 1) * blocks / size
        return min(first * BLAS.columnBlock, samples)..<min(end * BLAS.columnBlock, samples)
    }

    /// Whether a minibatch of `samples` gives every one of `size` processes at least one block.
    public static func fits(samples: Int, size: Int) -> Bool {
        (samples + BLAS.columnBlock - 1) / BLAS.columnBlock >= size
    }

    /// Samples per block: shares are whole blocks.
    public static let blockSize = BLAS.columnBlock

    /// How many loss chunk sums a process with `samples` of the minibatch contributes (each a Double).
    public static func chunkCount(samples: Int) -> Int { ChunkedSum.chunkCount(samples: samples) }

    /// The rank of the process that evaluates, logs and writes files.
    public var isLead: Bool { rank == 0 }
}
