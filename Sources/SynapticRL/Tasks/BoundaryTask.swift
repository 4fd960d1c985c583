/// The paper's random 2-D decision-boundary matching task (§3, Figures 1–2).
///
/// A target MLP 2-100-1 with tanh on every layer, weights U[−1, 1] and biases 0, labels points drawn
/// uniformly from [−10, 10]² by the sign of its output. A learner of the same shape is trained to match the
/// target's outputs under the Euclidean loss; its accuracy is the agreement of the two outputs' signs.
public final class BoundaryTask: Objective {
    public struct Shape: Sendable, Equatable, Codable {
        public var pointCount = 2000
        public var hiddenUnits = 100
        public var coordinateRange: Float = 10
        public var targetWeightRange: Float = 1
        public init() {}

        public func validate() throws {
            guard pointCount >= 1 && pointCount <= 100_000_000 else {
                throw SynapticRLError.invalidParameter("point count must be 1...100000000, got \(pointCount)")
            }
            guard hiddenUnits >= 1 && hiddenUnits <= 1_000_000 else {
                throw SynapticRLError.invalidParameter("hidden units must be 1...1000000, got \(hiddenUnits)")
            }
            guard coordinateRange.isFinite && coordinateRange > 0, targetWeightRange.isFinite && targetWeightRange > 0 else {
                throw SynapticRLError.invalidParameter("coordinate and target weight ranges must be positive and finite")
            }
        }
    }

    public let shape: Shape
    public let target: Network
    /// (2, pointCount), features-major.
    public let points: Batch
    /// The target's outputs on `points`, (1, pointCount).
    public let targetOutputs: [Float]
    public let threads: Int
    /// For `presynapticActivity(of:)`, made at its first call; the coordinates' activity never changes.
    private var activityPass: ForwardPass?
    private lazy var pointActivity = PresynapticActivity.inputActivity(of: points)
    /// The outputs of the network last passed to `loss`, (1, pointCount).
    private let predictions: UnsafeMutableBufferPointer<Float>
    /// Per `ChunkedSum` chunk, the points of that evaluation whose sign matches the target's: counted by the
    /// thread that computed the chunk, so the accuracy asked for after every iteration costs no serial pass.
    private let agreeingPerChunk: UnsafeMutableBufferPointer<Int>

    /// A fresh random boundary; everything is drawn from `seed`.
    public init(seed: UInt64, shape: Shape = Shape(), threads: Int = 1) throws {
        try shape.validate()
        self.shape = shape
        self.threads = threads
        var target = try Self.makeNetwork(hiddenUnits: shape.hiddenUnits)
        var targetDraws = CounterStream(seed: seed, stream: .boundaryTarget)
        target.initialize(weightRange: shape.targetWeightRange, using: &targetDraws)
        self.target = target

        var pointDraws = CounterStream(seed: seed, stream: .boundaryPoints)
        var coordinates = [Float](repeating: 0, count: 2 * shape.pointCount)
        for sample in 0..<shape.pointCount {
            for axis in 0..<2 {
                coordinates[axis * shape.pointCount + sample] = pointDraws.uniform(-shape.coordinateRange, shape.coordinateRange)
            }
        }
        points = try Batch(features: 2, count: shape.pointCount, values: coordinates)
        predictions = .allocate(capacity: shape.pointCount)
        predictions.initialize(repeating: 0)
        agreeingPerChunk = .allocate(capacity: ChunkedSum.chunkCount(samples: shape.pointCount))
        agreeingPerChunk.initialize(repeating: 0)
        TwoInputTanhForward.compute(target, on: points, range: 0..<shape.pointCount, into: predictions.baseAddress!)
        targetOutputs = Array(predictions)
    }

    deinit {
        predictions.deallocate()
        agreeingPerChunk.deallocate()
    }

    /// A learner of the target's shape: weights U[−weightRange, weightRange), biases 0, drawn from `seed`.
    public func makeLearner(seed: UInt64, weightRange: Float) throws -> Network {
        guard weightRange.isFinite && weightRange >= 0 else {
            throw SynapticRLError.invalidParameter("initial weight range must be finite and non-negative, got \(weightRange)")
        }
        var learner = try Self.makeNetwork(hiddenUnits: shape.hiddenUnits)
        var draws = CounterStream(seed: seed, stream: .initialWeights)
        learner.initialize(weightRange: weightRange, using: &draws)
        return learner
    }

    static func makeNetwork(hiddenUnits: Int) throws -> Network {
        try Network(sizes: [2, hiddenUnits, 1], activations: [.tanh, .tanh])
    }

    /// The Euclidean loss ‖y − target‖ / pointCount, one fused pass per `ChunkedSum` chunk of points: the chunk's
    /// outputs (`TwoInputTanhForward`), then its squared residuals summed in Double in point order (and its points
    /// of the right sign counted), the chunk sums added in chunk order, so the loss does not depend on `threads`.
    public func loss(of network: Network) -> Double {
        let squares = ChunkedSum.total(samples: shape.pointCount, threads: threads) { range in
            TwoInputTanhForward.compute(network, on: points, range: range, into: predictions.baseAddress!)
            var sum = 0.0
            var agreeing = 0
            targetOutputs.withUnsafeBufferPointer { targets in
                for point in range {
                    let residual = Double(predictions[point]) - Double(targets[point])
                    sum += residual * residual
                    agreeing += (predictions[point] > 0) == (targets[point] > 0) ? 1 : 0
                }
            }
            agreeingPerChunk[range.lowerBound / ChunkedSum.chunkSize] = agreeing
            return sum
        }
        return squares.squareRoot() / Double(shape.pointCount)
    }

    /// The activity of `network`'s inputs on the task's points (`PresynapticActivity.measure`): the two coordinates'
    /// (fixed), and the hidden layer's by a plain forward pass.
    public func presynapticActivity(of network: Network) throws -> PresynapticActivity {
        if activityPass == nil { activityPass = ForwardPass(sizes: network.sizes, batchSize: shape.pointCount, threads: threads) }
        return try PresynapticActivity.measure(network: network, batch: points, pass: activityPass, firstLayer: pointActivity)
    }

    /// The accuracy of answering the target's more common side for every point: that side's share of the points.
    public var chanceAccuracy: Double {
        let positive = targetOutputs.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        return Double(max(positive, shape.pointCount - positive)) / Double(shape.pointCount)
    }

    /// The fraction of points whose predicted sign matches the target's, for the network last passed to `loss`.
    public func accuracyOfLastEvaluation() -> Double {
        Double(agreeingPerChunk.reduce(0, +)) / Double(shape.pointCount)
    }
}
