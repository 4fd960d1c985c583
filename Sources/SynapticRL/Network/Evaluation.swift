/// Scores a network on a whole labelled set, in fixed chunks so memory stays bounded.
public struct Evaluation: Sendable, Equatable, Codable {
    public let loss: Double
    public let accuracy: Double
    /// Share of hidden-unit activations above zero over the set (nil without hidden layers). A ReLU layer whose
    /// share falls to 0 is silent: the network then predicts the same for every image.
    public let activeHiddenFraction: Double?

    public static let chunkSize = 5000

    public init(loss: Double, accuracy: Double, activeHiddenFraction: Double?) {
        (self.loss, self.accuracy, self.activeHiddenFraction) = (loss, accuracy, activeHiddenFraction)
    }

    public static func score(_ network: Network, on images: LabeledImages, threads: Int = 1) throws -> Evaluation {
        guard network.inputCount == images.pixelsPerImage, network.outputCount == images.classCount else {
            throw SynapticRLError.invalidParameter("network \(network.sizes) does not fit \(images.name)")
        }
        guard images.count > 0 else { throw SynapticRLError.invalidData("\(images.name) has no images to score") }
        var lossSum = 0.0
        var correct = 0
        var values: [Float] = []
        var labels: [Int32] = []
        var passes: [Int: ForwardPass] = [:]
        var active = 0
        var hiddenValues = 0
        for start in stride(from: 0, to: images.count, by: chunkSize) {
            let count = min(chunkSize, images.count - start)
            values = [Float](repeating: 0, count: count * images.pixelsPerImage)
            labels = [Int32](repeating: 0, count: count)
            MinibatchSampler.gather(images, indices: Array(start..<(start + count))[...], into: &values, labels: &labels)
            let pass = passes[count] ?? ForwardPass(network: network, batchSize: count, threads: threads)
            passes[count] = pass
            pass.compute(network, on: try Batch(features: images.pixelsPerImage, count: count, values: values))
            for layer in 0..<(network.layerCount - 1) {
                pass.withLayerOutput(layer) { outputs in
                    active += outputs.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
                    hiddenValues += outputs.count
                }
            }
            pass.withOutput { logits in
                labels.withUnsafeBufferPointer { labelPointer in
                    lossSum += Loss.softmaxCrossEntropy(logits: logits, labels: labelPointer, classes: images.classCount,
                                                        samples: count, threads: threads) * Double(count)
                }
                for sample in 0..<count {
                    var best = 0
                    for c in 1..<images.classCount where logits[c * count + sample] > logits[best * count + sample] { best = c }
                    if best == Int(labels[sample]) { correct += 1 }
                }
            }
        }
        let loss = lossSum / Double(images.count)
        guard loss.isFinite else {
            throw SynapticRLError.numerical("the loss on \(images.name) is \(loss): the network's outputs overflow")
        }
        return Evaluation(loss: loss, accuracy: Double(correct) / Double(images.count),
                          activeHiddenFraction: hiddenValues > 0 ? Double(active) / Double(hiddenValues) : nil)
    }
}
