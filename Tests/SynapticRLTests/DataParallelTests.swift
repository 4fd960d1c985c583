import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

@Suite struct DataParallelTests {
    /// Shares tile the minibatch in rank order, each a non-empty run of whole column blocks (so of whole loss
    /// chunks), for every process count the minibatch allows.
    @Test(arguments: [512, 1600, 5000, 20_000])
    func sharesTileTheMinibatchInWholeBlocks(samples: Int) {
        let blocks = (samples + BLAS.columnBlock - 1) / BLAS.columnBlock
        for size in 1...blocks {
            #expect(DataParallel.fits(samples: samples, size: size))
            let shares = (0..<size).map { DataParallel.share(rank: $0, of: size, samples: samples) }
            #expect(shares.first?.lowerBound == 0 && shares.last?.upperBound == samples)
            for (previous, next) in zip(shares, shares.dropFirst()) { #expect(previous.upperBound == next.lowerBound) }
            #expect(shares.allSatisfy { !$0.isEmpty && $0.lowerBound % BLAS.columnBlock == 0 })
            #expect(BLAS.columnBlock % ChunkedSum.chunkSize == 0)
        }
        #expect(!DataParallel.fits(samples: samples, size: blocks + 1))
    }
}
