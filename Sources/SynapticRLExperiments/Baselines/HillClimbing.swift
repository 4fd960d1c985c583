@_spi(Benchmarks) import SynapticRL

/// Hill climbing in synaptic RL's action space, the (1+1)-ES: at iteration t every synapse k draws a uniformly
/// random ternary move m_k ∈ {−s, 0, +s} (s the step in force, a bias's × `biasStepMultiplier`), keyed by
/// (seed, `.hillclimbMoves`, t, k); the candidate w + m replaces w only if its minibatch loss L(w + m) is strictly
/// below the reference L(w), else w is kept bit for bit (the candidate lives in its own buffer, since w + s − s
/// is not w in Float).
///
/// The reference is the loss of the weights kept; at a minibatch switch it is re-evaluated on the new batch when
/// `reevaluateAtSwitch`, else kept from the old one (as synaptic RL's authors compare). Each iteration costs one
/// minibatch evaluation, each re-evaluation one more (`Configuration.trainingCost`).
@_spi(Benchmarks) public final class HillClimbing: PeerOptimizer {
    public private(set) var network: Network
    public private(set) var stepSize: Float
    /// The proposal of the current iteration: after a rejected move it holds the move, after an accepted one the
    /// weights it replaced (the buffers are swapped, never copied).
    private var candidate: [Float]
    /// L(w) of the weights kept, on the batch they were last evaluated on; nil before the first evaluation.
    private var reference: Double?
    private var iteration = 0
    /// Internal for the tests, which count its forward passes.
    let minibatch: PeerMinibatch
    private let steps: SynapseSteps
    private let baseStep: Float
    private let schedule: StepSchedule
    private let seed: UInt64
    private let reevaluateAtSwitch: Bool

    public init(network: Network, training: LabeledImages, configuration: ClassificationExperiment.Configuration, threads: Int) throws {
        self.network = network
        candidate = network.weights
        minibatch = try PeerMinibatch(training: training, sizes: network.sizes, batchSize: configuration.batchSize,
                                      seed: configuration.seed, threads: threads)
        steps = SynapseSteps(network: network, biasMultiplier: configuration.settings.biasStepMultiplier)
        (baseStep, schedule, stepSize) = (configuration.peer.hillclimbStep, configuration.schedule, configuration.peer.hillclimbStep)
        (seed, reevaluateAtSwitch) = (configuration.seed, configuration.reevaluateAtSwitch)
    }

    public func selectBatch(number: Int) throws {
        let switching = number != minibatch.number
        minibatch.select(number: number)
        if reference == nil || (switching && reevaluateAtSwitch) { reference = minibatch.loss(of: network) }
    }

    public func currentLoss() throws -> Double {
        if let reference { return reference }
        let loss = minibatch.loss(of: network)
        reference = loss
        return loss
    }

    public func step(iteration: Int) throws -> Double {
        let kept = try currentLoss()
        stepSize = schedule.step(base: baseStep, at: iteration)
        let key = CounterRandom.key(seed: seed, stream: .hillclimbMoves, iteration: UInt64(iteration))
        for run in steps.runs {
            Self.propose(from: network.weights, into: &candidate, range: run.range, step: stepSize * run.multiplier, key: key)
        }
        swap(&network.weights, &candidate)
        let loss = minibatch.loss(of: network)
        if loss < kept {  // a NaN loss is never below: the move is undone
            reference = loss
        } else {
            swap(&network.weights, &candidate)
        }
        self.iteration = iteration
        return reference!
    }

    /// Synapse k's move at the iteration keyed by `key`: −1, 0 or +1 steps, uniformly (the engine's per-synapse
    /// action draw, reduced by Lemire's multiply-shift).
    @inline(__always)
    static func level(key: UInt64, synapse: Int) -> Int {
        let draw = CounterRandom.synapseDraws(key: key, index: UInt32(truncatingIfNeeded: synapse)).action
        return Int((UInt64(draw) &* 3) >> 32) - 1
    }

    /// candidate[k] = weights[k] + level(k) · step over `range`; a synapse that stays keeps its exact bits.
    static func propose(from weights: [Float], into candidate: inout [Float], range: Range<Int>, step: Float, key: UInt64) {
        precondition(candidate.count == weights.count && range.upperBound <= weights.count, "a proposal outside the weights")
        weights.withUnsafeBufferPointer { w in
            candidate.withUnsafeMutableBufferPointer { c in
                for k in range {
                    let level = level(key: key, synapse: k)
                    c[k] = level == 0 ? w[k] : w[k] + Float(level) * step
                }
            }
        }
    }

    /// The reference loss, the minibatch it was taken on and the last iteration done.
    var state: PeerState {
        PeerState(scalars: ["referenceLoss": reference ?? .nan, "batch": Double(minibatch.number), "iteration": Double(iteration)])
    }

    func restore(network: Network, state: PeerState) throws {
        guard network.sizes == self.network.sizes, network.activations == self.network.activations else {
            throw SynapticRLError.invalidParameter("a hillclimb state for a network \(network.sizes), not \(self.network.sizes)")
        }
        guard let loss = state.scalars["referenceLoss"], loss.isFinite,
              let batch = state.scalars["batch"], let number = Int(exactly: batch), number >= 0,
              let done = state.scalars["iteration"], let iteration = Int(exactly: done), iteration >= 0 else {
            throw SynapticRLError.invalidParameter("a hillclimb state needs a finite reference loss, a batch number and an iteration")
        }
        self.network = network
        candidate = network.weights
        minibatch.select(number: number)  // the batch the reference was taken on: no re-evaluation
        (reference, self.iteration) = (loss, iteration)
        stepSize = schedule.step(base: baseStep, at: iteration)
    }
}
