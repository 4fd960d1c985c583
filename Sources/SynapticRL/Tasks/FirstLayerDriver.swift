/// The first layers of K trials' networks, evaluated together on one minibatch: their weight matrices stacked
/// as (trials · hidden, inputs + 1) so that one GEMM (dense path) or one exact integer update from their stacked
/// actions (incremental path, `StackedFirstLayer`) serves all of them. The objective that owns it runs every
/// later layer and the loss; this only turns networks and moves into layer-1 activations.
final class FirstLayerDriver {
    let path: FirstLayerPath
    let trials: Int
    /// Units of each trial's first layer.
    let hidden: Int
    var profile: PhaseProfile?
    private let layer: StackedFirstLayer
    /// The trials' first-layer weights and actions, stacked as (trials · hidden, inputs + 1).
    private var stackedWeights: [Float]
    private var stackedActions: [UInt8]

    /// `path` is `.dense` or `.incremental` (resolved from `.auto` by the caller).
    init(path: FirstLayerPath, trials: Int, hidden: Int, inputs: Int, batchSize: Int, threads: Int) {
        precondition(path != .auto, "resolve the first-layer path before building the driver")
        (self.path, self.trials, self.hidden) = (path, trials, hidden)
        layer = StackedFirstLayer(outputs: trials * hidden, inputs: inputs, batchSize: batchSize, threads: threads)
        stackedWeights = [Float](repeating: 0, count: trials * hidden * (inputs + 1))
        stackedActions = [UInt8](repeating: 0, count: path == .incremental ? trials * hidden * (inputs + 1) : 0)
    }

    /// A new minibatch: the incremental path keeps its 8-bit pixels (the dense one reads the batch at each rebase).
    func load(_ images: LabeledImages, indices: ArraySlice<Int>) {
        if path == .incremental { layer.load(images, indices: indices) }
    }

    /// Whether the moves of the last sweep can update the layer exactly, rather than a rebase.
    func canCount(step: Float) -> Bool { path == .incremental && layer.canCount(step: step) }

    /// Every trial's pre-activations afresh from its weights: one GEMM over the stacked matrices.
    func rebase(_ network: (Int) -> Network, batch: Batch) {
        profile.measure(PhaseProfile.Phase.stacking) {
            for trial in 0..<trials {
                let trialNetwork = network(trial)
                stack(trialNetwork.weights, ofLayer: trialNetwork.weightRange(ofLayer: 0), trial: trial, into: &stackedWeights)
            }
        }
        profile.measure(PhaseProfile.Phase.gemm(layer: 0), gemm: layer.rebaseShape) {
            stackedWeights.withUnsafeBufferPointer { layer.rebase(weights: $0.baseAddress!, batch: batch) }
        }
    }

    /// Every trial's pre-activations updated by the first-layer part of its sweep's `actions(k)` with `step`.
    func count(_ network: (Int) -> Network, movedBy actions: (Int) -> [UInt8], step: Float) {
        profile.measure(PhaseProfile.Phase.stacking) {
            for trial in 0..<trials {
                stack(actions(trial), ofLayer: network(trial).weightRange(ofLayer: 0), trial: trial, into: &stackedActions)
            }
        }
        profile.measure(PhaseProfile.Phase.integerUpdate) {
            stackedActions.withUnsafeBufferPointer { layer.count(actions: $0.baseAddress!, step: step) }
        }
    }

    /// Trial `trial`'s layer-1 activations, (hidden, batch) features-major, into `destination`.
    func activations(trial: Int, network: Network, into destination: UnsafeMutablePointer<Float>) {
        profile.measure(PhaseProfile.Phase.activation(layer: 0)) {
            network.weights.withUnsafeBufferPointer {
                layer.activations(rows: (trial * hidden)..<((trial + 1) * hidden), weights: $0.baseAddress!,
                                  activation: network.activations[0], into: destination)
            }
        }
    }

    /// The layer's state over this process's samples, for a checkpoint.
    var snapshot: StackedFirstLayer.Snapshot { layer.snapshot }
    /// Rows of the stacked layer: trials · hidden.
    var outputs: Int { layer.outputs }

    func restore(_ snapshot: StackedFirstLayer.Snapshot) { layer.restore(snapshot) }

    /// Copies `source[range]` (one trial's first-layer weights or actions) into trial `trial`'s rows of `stacked`.
    private func stack<Element>(_ source: [Element], ofLayer range: Range<Int>, trial: Int, into stacked: inout [Element]) {
        source.withUnsafeBufferPointer { source in
            stacked.withUnsafeMutableBufferPointer {
                ($0.baseAddress! + trial * range.count).update(from: source.baseAddress! + range.lowerBound, count: range.count)
            }
        }
    }
}
