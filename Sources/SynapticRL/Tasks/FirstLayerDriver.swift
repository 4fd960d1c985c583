/// The first layers of K trials' networks, evaluated together on one minibatch: their weight matrices stacked
/// as (trials · hidden, inputs + 1) so that one GEMM (dense path) or one exact integer update from their stacked
/// actions (incremental path, `StackedFirstLayer`) serves all of them. The objective that owns it runs every
/// later layer and the loss; this only turns networks and moves into layer-1 activations.
///
/// An evaluation is `beginEvaluation` or `beginCount` (the stacking, once), then `activations` for each sample
/// block of the objective's fused pass, on whichever thread takes the block.
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
    /// What the blocks of the current evaluation do to the layer.
    private var work = Work.dense

    private enum Work {
        /// The products of the stacked weights, kept nowhere but in the block (dense path).
        case dense
        /// A new base, then the activations from it (incremental path).
        case rebase
        /// The stacked moves counted, then the activations from base and counts (incremental path).
        case count
    }

    /// `path` is `.dense` or `.incremental` (resolved from `.auto` by the caller).
    init(path: FirstLayerPath, trials: Int, hidden: Int, inputs: Int, batchSize: Int) {
        precondition(path != .auto, "resolve the first-layer path before building the driver")
        (self.path, self.trials, self.hidden) = (path, trials, hidden)
        layer = StackedFirstLayer(outputs: trials * hidden, inputs: inputs, batchSize: batchSize)
        stackedWeights = [Float](repeating: 0, count: trials * hidden * (inputs + 1))
        stackedActions = [UInt8](repeating: 0, count: path == .incremental ? trials * hidden * (inputs + 1) : 0)
    }

    /// A new minibatch: the incremental path keeps its 8-bit pixels (the dense one reads the batch in each block).
    func load(_ images: LabeledImages, indices: ArraySlice<Int>) {
        if path == .incremental { layer.load(images, indices: indices) }
    }

    /// Whether the moves of the last sweep, of `actionSet` with `step`, can update the layer exactly, rather than a
    /// rebase: additive moves (ternary or five-level) on the incremental path while the base lasts.
    func canCount(step: Float, actionSet: RuleActionSet) -> Bool {
        path == .incremental && actionSet.isAdditive && layer.canCount(step: step, largestChange: actionSet.none)
    }

    /// The blocks evaluate every trial's first layer afresh from its weights (a new base on the incremental path).
    func beginEvaluation(_ network: (Int) -> Network) {
        profile.measure(PhaseProfile.Phase.stacking) {
            for trial in 0..<trials {
                let trialNetwork = network(trial)
                stack(trialNetwork.weights, ofLayer: trialNetwork.weightRange(ofLayer: 0), trial: trial, into: &stackedWeights)
            }
        }
        work = path == .dense ? .dense : .rebase
        if work == .rebase { layer.beginRebase() }
    }

    /// The blocks update every trial's pre-activations by the first-layer part of its sweep's `actions(k)`, codes
    /// of `actionSet`, with `step`. Call only where `canCount(step:actionSet:)`.
    func beginCount(_ network: (Int) -> Network, movedBy actions: (Int) -> [UInt8], actionSet: RuleActionSet, step: Float) {
        profile.measure(PhaseProfile.Phase.stacking) {
            for trial in 0..<trials {
                stack(actions(trial), ofLayer: network(trial).weightRange(ofLayer: 0), trial: trial, into: &stackedActions)
            }
            stackedActions.withUnsafeBufferPointer { layer.beginCount(actions: $0.baseAddress!, none: actionSet.none, step: step) }
        }
        work = .count
    }

    /// Every trial's layer-1 activations on block `samples`, (trials · hidden, samples.count) features-major, into
    /// `destination`; `network(k)` is trial k's network, `times` the calling thread's profile (nil: untimed).
    func activations(samples: Range<Int>, batch: Batch, network: (Int) -> Network, into destination: UnsafeMutablePointer<Float>,
                     times: PhaseProfile?) {
        switch work {
        case .dense:
            times.measure(PhaseProfile.Phase.gemm(layer: 0), gemm: layer.gemmShape(samples: samples.count)) {
                stackedWeights.withUnsafeBufferPointer {
                    layer.denseProducts(weights: $0.baseAddress!, batch: batch, samples: samples, into: destination)
                }
            }
        case .rebase:
            times.measure(PhaseProfile.Phase.gemm(layer: 0), gemm: layer.gemmShape(samples: samples.count)) {
                stackedWeights.withUnsafeBufferPointer { layer.rebase(weights: $0.baseAddress!, batch: batch, samples: samples) }
            }
        case .count:
            times.measure(PhaseProfile.Phase.integerUpdate) { layer.count(samples: samples) }
        }
        times.measure(PhaseProfile.Phase.activation(layer: 0)) {
            for trial in 0..<trials {
                let trialNetwork = network(trial)
                let rows = (trial * hidden)..<((trial + 1) * hidden)
                let target = destination + rows.lowerBound * samples.count
                trialNetwork.weights.withUnsafeBufferPointer {
                    if work == .dense {
                        layer.activateProducts(target, rows: hidden, count: samples.count, weights: $0.baseAddress!,
                                               activation: trialNetwork.activations[0])
                    } else {
                        layer.activations(rows: rows, samples: samples, weights: $0.baseAddress!,
                                          activation: trialNetwork.activations[0], into: target)
                    }
                }
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
