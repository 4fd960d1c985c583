/// Which arithmetic runs a layer: OpenBLAS's sgemm, or the plain-loop twin that tests and benchmarks use.
public enum ForwardEngine: Sendable {
    case blas
    case plainLoops
}

/// The activations of every layer for one batch, preallocated once so that an iteration allocates nothing.
///
/// Layer l's output is (sizes[l+1], batchSize) row-major, features-major like `Batch`.
public final class ForwardPass {
    public let sizes: [Int]
    public let batchSize: Int
    /// Threads sharing out each GEMM's column blocks; results do not depend on it.
    public let threads: Int
    private let storage: UnsafeMutableBufferPointer<Float>
    private let layerStarts: [Int]
    /// When set, each layer's GEMM and activation are timed into it.
    public var profile: PhaseProfile?

    public init(sizes: [Int], batchSize: Int, threads: Int = 1) {
        precondition(batchSize >= 1, "batch size must be positive")
        self.sizes = sizes
        self.batchSize = batchSize
        self.threads = threads
        var starts: [Int] = []
        var total = 0
        for size in sizes.dropFirst() {
            starts.append(total)
            total += size * batchSize
        }
        layerStarts = starts
        storage = .allocate(capacity: total)
        storage.initialize(repeating: 0)
    }

    public convenience init(network: Network, batchSize: Int, threads: Int = 1) {
        self.init(sizes: network.sizes, batchSize: batchSize, threads: threads)
    }

    deinit { storage.deallocate() }

    /// Runs `network` on `input`; afterwards `withOutput` sees the last layer's activations. A batch or network of
    /// another shape than the pass was made for is an error, not a trap.
    public func run(_ network: Network, on input: Batch, engine: ForwardEngine = .blas) throws {
        guard input.features == sizes[0] && input.count == batchSize else {
            throw SynapticRLError.invalidParameter("a batch of \(input.count) samples × \(input.features) features does not fit "
                + "a forward pass made for \(batchSize) × \(sizes[0])")
        }
        guard network.sizes == sizes else {
            throw SynapticRLError.invalidParameter("network shape \(network.sizes) does not match the pass's \(sizes)")
        }
        compute(network, on: input, engine: engine)
    }

    /// `run` for callers that made the pass for this batch and network (the engine's own loops, the benchmarks).
    @_spi(Benchmarks) public func compute(_ network: Network, on input: Batch, engine: ForwardEngine = .blas) {
        precondition(input.features == sizes[0] && input.count == batchSize,
                     "batch (\(input.features), \(input.count)) does not match (\(sizes[0]), \(batchSize))")
        input.values.withUnsafeBufferPointer { runLayers(network, input: $0.baseAddress!, engine: engine) }
    }

    private func runLayers(_ network: Network, input: UnsafePointer<Float>, engine: ForwardEngine) {
        precondition(network.sizes == sizes, "network shape \(network.sizes) does not match the pass \(sizes)")
        network.weights.withUnsafeBufferPointer { weights in
            for layer in 0..<network.layerCount {
                let source = layer == 0 ? input : UnsafePointer(layerPointer(layer - 1))
                Self.layerForward(
                    weights: weights.baseAddress! + network.layerOffsets[layer],
                    inputs: network.inputs(ofLayer: layer), outputs: network.outputs(ofLayer: layer),
                    activation: network.activations[layer],
                    source: source, destination: layerPointer(layer), batch: batchSize, engine: engine,
                    threads: threads, profile: profile, layer: layer)
            }
        }
    }

    /// Hands the last layer's (outputs, batchSize) activations to `body`.
    public func withOutput<Result>(_ body: (UnsafeBufferPointer<Float>) throws -> Result) rethrows -> Result {
        let last = sizes.count - 2
        return try body(UnsafeBufferPointer(start: layerPointer(last), count: sizes[last + 1] * batchSize))
    }

    /// Hands layer `layer`'s (sizes[layer + 1], batchSize) activations to `body`.
    public func withLayerOutput<Result>(_ layer: Int, _ body: (UnsafeBufferPointer<Float>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: layerPointer(layer), count: sizes[layer + 1] * batchSize))
    }

    /// A copy of the last layer's activations.
    public var output: [Float] { withOutput { Array($0) } }

    private func layerPointer(_ layer: Int) -> UnsafeMutablePointer<Float> {
        storage.baseAddress! + layerStarts[layer]
    }

    /// One layer: destination (out, batch) = activation(W[:, 1...](out, in) · source(in, batch) + W[:, 0]).
    /// `weights` is the layer's (out, in + 1) row-major matrix, bias in column 0.
    static func layerForward(
        weights: UnsafePointer<Float>, inputs: Int, outputs: Int, activation: Activation,
        source: UnsafePointer<Float>, destination: UnsafeMutablePointer<Float>, batch: Int, engine: ForwardEngine,
        threads: Int = 1, profile: PhaseProfile? = nil, layer: Int = 0
    ) {
        let row = inputs + 1
        func gemm() {
            for neuron in 0..<outputs {
                (destination + neuron * batch).update(repeating: weights[neuron * row], count: batch)
            }
            switch engine {
            case .blas:
                BLAS.multiply(m: outputs, n: batch, k: inputs, a: weights + 1, lda: row,
                              b: source, ldb: batch, beta: 1, c: destination, ldc: batch, threads: threads)
            case .plainLoops:
                ReferenceGEMM.multiply(m: outputs, n: batch, k: inputs, a: weights + 1, lda: row,
                                       b: source, ldb: batch, beta: 1, c: destination, ldc: batch)
            }
        }
        if let profile {
            profile.measure(PhaseProfile.Phase.gemm(layer: layer), gemm: .init(m: outputs, n: batch, k: inputs), gemm)
            profile.measure(PhaseProfile.Phase.activation(layer: layer)) { activation.apply(to: destination, count: outputs * batch) }
        } else {
            gemm()
            activation.apply(to: destination, count: outputs * batch)
        }
    }
}
