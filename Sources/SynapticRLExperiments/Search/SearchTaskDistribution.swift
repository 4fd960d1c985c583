import Foundation
import SynapticRL

/// The tasks a policy search scores its candidates on (`synrl evolve`): each generation draws fresh ones, the same
/// for every candidate of the generation (common random numbers: the candidates differ only in their tables).
///
/// A boundary task is the paper's 2-D task on a boundary of its own. Its seed is at least 2^32, so no searched
/// boundary is one of the held-out boundaries `synrl evaluate-policies` and the demo use (small seeds). An OCR task
/// is a short static run on a random subset of the search's data set: the images of its test file where it has one
/// (Fashion-MNIST's t10k), so that no searched image is one a held-out run trains or is validated on.
public struct SearchTaskDistribution: Sendable, Equatable, Codable {
    /// Boundary tasks per generation.
    public var boundaries = 4
    /// Iterations of each boundary run.
    public var boundaryIterations = 1000
    /// The boundaries' shape (points, hidden units, ranges): the paper's.
    public var boundaryShape = BoundaryTask.Shape()
    /// OCR tasks per generation.
    public var ocrTasks = 0
    /// Images in each OCR task's subset: its one minibatch (never redrawn).
    public var ocrImages = 1000
    /// Iterations of each OCR run.
    public var ocrIterations = 1000
    /// Hidden layer sizes of the OCR networks (none: the paper's 784-10).
    public var ocrHidden: [Int] = []
    /// The data set OCR tasks draw from (`DataSource.load(path:)`; nil: Debian's Fashion-MNIST).
    public var ocrData: String?

    public init() {}

    /// Tasks per generation.
    public var count: Int { boundaries + ocrTasks }

    public func validate() throws {
        func require(_ condition: Bool, _ message: String) throws {
            if !condition { throw SynapticRLError.invalidParameter(message) }
        }
        try require((0...10_000).contains(boundaries), "boundary tasks per generation must be 0...10000, got \(boundaries)")
        try require((0...1_000).contains(ocrTasks), "OCR tasks per generation must be 0...1000, got \(ocrTasks)")
        try require(count >= 1, "the search needs at least one task per generation (boundary or OCR)")
        try require((1...10_000_000).contains(boundaryIterations), "boundary iterations must be 1...10000000, got \(boundaryIterations)")
        try require((1...10_000_000).contains(ocrIterations), "OCR iterations must be 1...10000000, got \(ocrIterations)")
        try require((1...1_000_000).contains(ocrImages), "OCR images per task must be 1...1000000, got \(ocrImages)")
        try require(ocrHidden.allSatisfy { (1...100_000).contains($0) } && ocrHidden.count <= 8,
                    "OCR hidden layers must be at most 8 sizes of 1...100000, got \(ocrHidden)")
        try boundaryShape.validate()
    }

    /// The seed of task `index` (boundaries first, then OCR tasks) of `generation` in a search seeded `seed`:
    /// 2^32 plus 32 random bits, so it is never a held-out boundary's.
    public static func taskSeed(searchSeed seed: UInt64, generation: Int, index: Int) -> UInt64 {
        let key = CounterRandom.key(seed: seed, stream: .searchTasks, iteration: UInt64(generation))
        return (1 << 32) + (CounterRandom.bits(key: key, counter: UInt64(index)) >> 32)
    }

    /// `count` distinct indices of 0..<pool drawn from `seed` (a partial Fisher–Yates shuffle), in draw order.
    static func subsetIndices(count: Int, of pool: Int, seed: UInt64) -> [Int] {
        var indices = Array(0..<pool)
        var draws = CounterStream(seed: seed, stream: .searchTasks)
        for position in 0..<min(count, pool) {
            indices.swapAt(position, position + Int(draws.next() % UInt64(pool - position)))
        }
        return Array(indices.prefix(count))
    }

    /// One line for logs and provenance.
    public var summary: String {
        var parts: [String] = []
        if boundaries > 0 {
            parts.append("\(boundaries) boundaries (2-\(boundaryShape.hiddenUnits)-1, \(boundaryShape.pointCount) points) × \(boundaryIterations) iterations")
        }
        if ocrTasks > 0 {
            let layers = ocrHidden.isEmpty ? "no hidden layer" : "hidden " + ocrHidden.map(String.init).joined(separator: "-")
            parts.append("\(ocrTasks) OCR subsets of \(ocrImages) images (\(layers), \(ocrData ?? "Fashion-MNIST")) × \(ocrIterations) iterations")
        }
        return parts.joined(separator: " + ") + " per generation"
    }
}
