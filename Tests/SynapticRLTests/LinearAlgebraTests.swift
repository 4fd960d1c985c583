import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

@Suite struct LinearAlgebraTests {
    /// Ridge least squares against Gaussian elimination of the same normal equations, in Double.
    @Test func leastSquaresMatchesNormalEquationsByElimination() throws {
        let images = try ClassificationTests.images(count: 50, pixels: 4, classes: 3, seed: 8)
        let ridge = 0.5
        let network = try LeastSquaresClassifier.fit(images, ridge: ridge)
        let size = 5
        var a = [[Double]](repeating: [Double](repeating: 0, count: size + 3), count: size)
        for sample in 0..<images.count {
            let x = [1.0] + (0..<4).map { Double(images.pixels[sample * 4 + $0]) / 255 }
            for i in 0..<size {
                for j in 0..<size { a[i][j] += x[i] * x[j] }
                a[i][size + Int(images.labels[sample])] += x[i]
            }
        }
        for i in 0..<size { a[i][i] += ridge }
        for pivot in 0..<size {  // Gauss–Jordan on the augmented (5, 5 + 3) system
            let scale = a[pivot][pivot]
            a[pivot] = a[pivot].map { $0 / scale }
            for row in 0..<size where row != pivot {
                let factor = a[row][pivot]
                a[row] = zip(a[row], a[pivot]).map { $0 - factor * $1 }
            }
        }
        for c in 0..<3 {
            for i in 0..<size {
                let expected = a[i][size + c]
                #expect(abs(Double(network.weights[c * size + i]) - expected) <= 1e-5 * max(1, abs(expected)))
            }
        }
    }

    @Test(arguments: [[7, 3], [3, 7], [5, 5, 2]])
    func orthogonalInitHasOrthonormalRowsOrColumns(sizes: [Int]) throws {
        var network = try Network(sizes: sizes, activations: sizes.dropFirst().map { _ in .identity })
        var draws = CounterStream(seed: 4, stream: .initialWeights)
        try network.initializeOrthogonal(using: &draws)
        for layer in 0..<network.layerCount {
            let (inputs, outputs, row) = (network.inputs(ofLayer: layer), network.outputs(ofLayer: layer), network.rowLength(ofLayer: layer))
            let base = network.layerOffsets[layer]
            func w(_ o: Int, _ i: Int) -> Double { Double(network.weights[base + o * row + 1 + i]) }
            #expect((0..<outputs).allSatisfy { network.weights[base + $0 * row] == 0 })
            if outputs <= inputs {  // rows orthonormal
                for p in 0..<outputs { for q in 0..<outputs {
                    let dot = (0..<inputs).map { w(p, $0) * w(q, $0) }.reduce(0, +)
                    #expect(abs(dot - (p == q ? 1 : 0)) < 1e-5)
                } }
            } else {  // columns orthonormal
                for p in 0..<inputs { for q in 0..<inputs {
                    let dot = (0..<outputs).map { w($0, p) * w($0, q) }.reduce(0, +)
                    #expect(abs(dot - (p == q ? 1 : 0)) < 1e-5)
                } }
            }
        }
    }

    @Test func standardNormalHasUnitVariance() {
        var draws = CounterStream(seed: 12, stream: .initialWeights)
        let n = 100_000
        let values = (0..<n).map { _ in Double(draws.standardNormal()) }
        let mean = values.reduce(0, +) / Double(n)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
        // σ of the mean is 1/√n ≈ 0.0032, of the variance √(2/n) ≈ 0.0045; bounds at 5σ.
        #expect(abs(mean) < 0.016)
        #expect(abs(variance - 1) < 0.023)
    }
}
