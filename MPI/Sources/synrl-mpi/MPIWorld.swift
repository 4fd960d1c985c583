import CMPI
import SynapticRL

/// The one door to MPI: start, rank and size, and the two collectives a data-parallel run needs per iteration.
enum MPIWorld {
    static func start() {
        MPI_Init(nil, nil)
    }

    static func finish() {
        MPI_Finalize()
    }

    static var rank: Int {
        var rank: Int32 = 0
        MPI_Comm_rank(synrl_mpi_comm_world(), &rank)
        return Int(rank)
    }

    static var size: Int {
        var size: Int32 = 0
        MPI_Comm_size(synrl_mpi_comm_world(), &size)
        return Int(size)
    }

    /// Ends every process: one failed alone would leave the others waiting in a collective.
    static func abort(_ code: Int32) -> Never {
        MPI_Abort(synrl_mpi_comm_world(), code)
        fatalError("MPI_Abort returned")
    }

    /// The transport of a data-parallel run over `samples` per minibatch: an allgather of the chunk sums (each rank's
    /// count follows from `DataParallel.share`), and a max-allreduce of the stop flags.
    static func dataParallel(samples: Int) -> DataParallel {
        let (rank, size) = (self.rank, self.size)
        var counts = [Int32](), offsets = [Int32]()
        var offset = 0
        for other in 0..<size {
            let chunks = DataParallel.chunkCount(samples: DataParallel.share(rank: other, of: size, samples: samples).count)
            counts.append(Int32(chunks))
            offsets.append(Int32(offset))
            offset += chunks
        }
        return DataParallel(
            rank: rank, size: size,
            gather: { local, all in
                precondition(local.count == Int(counts[rank]) && all.count == offset, "chunk counts disagree")
                MPI_Allgatherv(local.baseAddress, counts[rank], synrl_mpi_double(), all.baseAddress, counts, offsets,
                               synrl_mpi_double(), synrl_mpi_comm_world())
            },
            agree: { stopRequested in
                var mine: Int32 = stopRequested ? 1 : 0
                var any: Int32 = 0
                MPI_Allreduce(&mine, &any, 1, synrl_mpi_int(), synrl_mpi_max(), synrl_mpi_comm_world())
                return any != 0
            },
            collectFloats: { collect($0, type: synrl_mpi_float()) },
            collectIntegers: { collect($0, type: synrl_mpi_int()) })
    }

    /// Every rank's `local` concatenated in rank order on rank 0 (nil on the others): the counts, then a gatherv.
    static func collect<T: Numeric>(_ local: [T], type: MPI_Datatype) -> [T]? {
        let (rank, size) = (self.rank, self.size)
        var count = Int32(local.count)
        var counts = [Int32](repeating: 0, count: size)
        MPI_Gather(&count, 1, synrl_mpi_int(), &counts, 1, synrl_mpi_int(), 0, synrl_mpi_comm_world())
        var offsets = [Int32](repeating: 0, count: size)
        for index in 1..<max(size, 1) { offsets[index] = offsets[index - 1] + counts[index - 1] }
        var all = [T](repeating: 0, count: rank == 0 ? Int(counts.reduce(0, +)) : 0)
        local.withUnsafeBufferPointer { mine in
            all.withUnsafeMutableBufferPointer { gathered in
                MPI_Gatherv(mine.baseAddress, count, type, gathered.baseAddress, counts, offsets, type, 0, synrl_mpi_comm_world())
            }
        }
        return rank == 0 ? all : nil
    }

    /// Every rank's `values` added element by element, on every rank (one MPI_Allreduce).
    static func sum(_ values: [Double]) -> [Double] {
        var total = [Double](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { mine in
            total.withUnsafeMutableBufferPointer { all in
                _ = MPI_Allreduce(mine.baseAddress, all.baseAddress, Int32(values.count), synrl_mpi_double(), synrl_mpi_sum(),
                                  synrl_mpi_comm_world())
            }
        }
        return total
    }

    /// Waits until every rank has come here.
    static func barrier() {
        MPI_Barrier(synrl_mpi_comm_world())
    }

    /// Wall-clock seconds of one `MPI_Allreduce` of one double, the median of `repetitions`.
    static func allreduceLatency(repetitions: Int = 2000) -> Double {
        var times: [Double] = []
        var value = 1.0, sum = 0.0
        for _ in 0..<repetitions {
            let start = MPI_Wtime()
            MPI_Allreduce(&value, &sum, 1, synrl_mpi_double(), synrl_mpi_max(), synrl_mpi_comm_world())
            times.append(MPI_Wtime() - start)
        }
        return times.sorted()[repetitions / 2]
    }
}
