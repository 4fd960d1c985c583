/// Which synapses' inputs are active on the minibatch, for a rule whose state holds the presynaptic activity
/// (`RuleStateFeatures.presynapticActivity`): input unit j of layer l is active when its mean over the minibatch is
/// above the median of the layer's input means (the mean of the two middle ones for an even count), a cheap local
/// signal in the spirit of spike-timing-dependent plasticity. A bias's input, the constant 1, is always active.
///
/// Layer 0's inputs are the minibatch itself; a later layer's are the activations of the one before, on the
/// network as it stands before the sweep (a plain forward pass). Means are summed in Double in sample order, so
/// the result does not depend on threads.
public struct PresynapticActivity: Sendable, Equatable {
    /// Per layer, per input unit: whether it is active.
    public let active: [[Bool]]

    public init(active: [[Bool]]) { self.active = active }

    /// Each layer's units above the median of that layer's `means`.
    public init(means: [[Double]]) {
        active = means.map(Self.aboveMedian)
    }

    /// Which of one layer's means are above their median.
    static func aboveMedian(_ means: [Double]) -> [Bool] {
        let median = Self.median(means)
        return means.map { $0 > median }
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The mean over samples of every row of a (rows, columns) row-major matrix, in Double in column order.
    static func rowMeans(_ values: UnsafeBufferPointer<Float>, rows: Int, columns: Int) -> [Double] {
        (0..<rows).map { row in
            var sum = 0.0
            for column in 0..<columns { sum += Double(values[row * columns + column]) }
            return sum / Double(columns)
        }
    }

    /// The activity of `network`'s inputs on `batch`. Layer 0's depends on the batch only: a caller that keeps it
    /// (`inputActivity(of:)`) passes it as `firstLayer`. A network of more than one layer needs `pass`, made for
    /// its sizes and the batch's count.
    public static func measure(network: Network, batch: Batch, pass: ForwardPass?, firstLayer: [Bool]? = nil) throws
        -> PresynapticActivity
    {
        guard batch.features == network.inputCount, firstLayer.map({ $0.count == batch.features }) ?? true else {
            throw SynapticRLError.invalidParameter("a batch of \(batch.features) features does not fit a \(network.sizes) network")
        }
        var active = [firstLayer ?? inputActivity(of: batch)]
        if network.layerCount > 1 {
            guard let pass else { throw SynapticRLError.invalidParameter("the activity of hidden layers needs a forward pass") }
            try pass.run(network, on: batch)
            for layer in 0..<(network.layerCount - 1) {
                active.append(aboveMedian(pass.withLayerOutput(layer) {
                    rowMeans($0, rows: network.outputs(ofLayer: layer), columns: batch.count)
                }))
            }
        }
        return PresynapticActivity(active: active)
    }

    /// Layer 0's activity: which of `batch`'s features have a mean above the median of the features' means.
    public static func inputActivity(of batch: Batch) -> [Bool] {
        aboveMedian(batch.values.withUnsafeBufferPointer { rowMeans($0, rows: batch.features, columns: batch.count) })
    }

    /// Throws unless this is an activity of `network`'s inputs: one list per layer, one flag per input unit.
    func validate(for network: Network) throws {
        guard active.count == network.layerCount,
              active.indices.allSatisfy({ active[$0].count == network.inputs(ofLayer: $0) }) else {
            throw SynapticRLError.invalidParameter(
                "a presynaptic activity of \(active.map(\.count)) inputs does not fit a \(network.sizes) network")
        }
    }

    /// One byte per input unit of every layer in layer order, then a 1 for every bias: what `RuleMemory`'s
    /// `presynapticUnits` index.
    var flags: [UInt8] { active.flatMap { $0.map { $0 ? 1 : 0 } } + [1] }
}
