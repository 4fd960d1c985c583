/// Seeded minibatches of a labelled set, and the one way images become a network's input: synaptic RL,
/// minibatch gradient descent and evaluation all gather through it.
///
/// Minibatch `number` is `batchSize` distinct images chosen by a partial Fisher–Yates shuffle keyed by
/// (seed, minibatch stream, number), so any minibatch can be drawn again without the ones before it (a resumed
/// run, a data-parallel process); a batch size that covers the set takes every image in order.
public struct MinibatchSampler: Sendable {
    public let images: LabeledImages
    /// The samples per minibatch: the requested size, or the whole set when it is smaller.
    public let batchSize: Int
    public let seed: UInt64

    public init(images: LabeledImages, batchSize: Int, seed: UInt64) throws {
        guard batchSize >= 1 else { throw SynapticRLError.invalidParameter("batch size must be positive, got \(batchSize)") }
        guard images.count > 0 else { throw SynapticRLError.invalidData("\(images.name) has no images to draw from") }
        self.images = images
        self.batchSize = min(batchSize, images.count)
        self.seed = seed
    }

    /// The images of minibatch `number`, in the order they are gathered.
    public func indices(ofBatch number: Int) -> [Int] {
        var order = Array(0..<images.count)
        if batchSize < images.count {
            var draws = CounterStream(seed: seed, stream: .minibatch, iteration: UInt64(number))
            for position in 0..<batchSize {
                order.swapAt(position, position + draws.index(below: images.count - position))
            }
        }
        return Array(order[..<batchSize])
    }

    /// Minibatch `number` as a network's input, (pixels, batchSize) features-major in [0, 1], with its labels.
    public func batch(number: Int) throws -> (batch: Batch, labels: [Int32]) {
        let indices = indices(ofBatch: number)
        var values = [Float](repeating: 0, count: images.pixelsPerImage * indices.count)
        var labels = [Int32](repeating: 0, count: indices.count)
        Self.gather(images, indices: indices[...], into: &values, labels: &labels)
        return (try Batch(features: images.pixelsPerImage, count: indices.count, values: values), labels)
    }

    /// Copies samples into a (features, indices.count) features-major buffer, each pixel / 255 (Float features as
    /// they are), and their labels.
    package static func gather(_ images: LabeledImages, indices: ArraySlice<Int>, into values: inout [Float],
                               labels: inout [Int32]) {
        precondition(values.count == images.pixelsPerImage * indices.count && labels.count == indices.count, "gather shape mismatch")
        let (width, count) = (images.pixelsPerImage, indices.count)
        for (column, index) in indices.enumerated() { labels[column] = Int32(images.labels[index]) }
        if let features = images.floatFeatures {
            features.withUnsafeBufferPointer { features in
                values.withUnsafeMutableBufferPointer { out in
                    for (column, index) in indices.enumerated() {
                        for feature in 0..<width { out[feature * count + column] = features[index * width + feature] }
                    }
                }
            }
            return
        }
        images.pixels.withUnsafeBufferPointer { pixels in
            values.withUnsafeMutableBufferPointer { out in
                for (column, index) in indices.enumerated() {
                    let image = pixels.baseAddress! + index * width
                    for pixel in 0..<width { out[pixel * count + column] = Float(image[pixel]) / 255 }
                }
            }
        }
    }
}
