/// One thread's buffers for a classification task's fused pass, which runs the whole forward one sample block at a
/// time: layer 1's activations of every trial, (trials · hidden, blockSize), and each later layer's (size,
/// blockSize), reused by every block and trial the thread takes. About 90 KB for one 784-32-10 trial, so a block's
/// activations stay in L2 from the layer that writes them to the one that reads them.
final class SampleBlockScratch {
    /// Samples per block: one GEMM column block (`BLAS.columnBlock`), so a block's GEMMs are the very sgemm calls a
    /// whole-minibatch GEMM made, and two `ChunkedSum` chunks, so the loss's chunk sums are the same too.
    static let blockSize = BLAS.columnBlock

    let sizes: [Int]
    private let storage: UnsafeMutableBufferPointer<Float>
    /// Where layer l's activations (l ≥ 1, 0-based) start in `storage`; layer 0's (every trial's) start at 0.
    private let layerStarts: [Int]

    init(sizes: [Int], trials: Int) {
        self.sizes = sizes
        var starts = [0]
        var total = trials * sizes[1] * Self.blockSize
        for size in sizes.dropFirst(2) {
            starts.append(total)
            total += size * Self.blockSize
        }
        layerStarts = starts
        storage = .allocate(capacity: total)
        storage.initialize(repeating: 0)
    }

    deinit { storage.deallocate() }

    /// Layer 1's activations of every trial: (trials · hidden, width) for a block of `width` samples.
    var firstLayer: UnsafeMutablePointer<Float> { storage.baseAddress! }

    /// Layers 2… of `network` on a block of `width` samples whose layer-1 activations, (sizes[1], width), are at
    /// `input`; returns the last layer's (sizes.last, width) activations (`input` itself for a one-layer network).
    func laterLayers(_ network: Network, input: UnsafePointer<Float>, width: Int, times: PhaseProfile?) -> UnsafePointer<Float> {
        precondition(network.sizes == sizes && width <= Self.blockSize, "network \(network.sizes) or block of \(width) does not fit")
        var source = input
        network.weights.withUnsafeBufferPointer { weights in
            for layer in 1..<network.layerCount {
                let destination = storage.baseAddress! + layerStarts[layer]
                ForwardPass.layerForward(
                    weights: weights.baseAddress! + network.layerOffsets[layer],
                    inputs: network.inputs(ofLayer: layer), outputs: network.outputs(ofLayer: layer),
                    activation: network.activations[layer], source: source, destination: destination, batch: width,
                    engine: .blas, profile: times, layer: layer)
                source = UnsafePointer(destination)
            }
        }
        return source
    }
}
