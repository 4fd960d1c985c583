/// The per-iteration action sweep: every synapse picks an action ε-greedily and moves its weight.
@_spi(Benchmarks) public enum SynapseSweep {
    /// The fewest synapses a thread takes: 8,192 are ~8 µs of sweep here, several times what handing work to a
    /// ready `WorkerPool` thread costs, so the paper's 25,450-synapse network sweeps on up to three threads and
    /// the 2-D task's 401 synapses on one.
    static let minimumSynapsesPerThread = 8_192

    /// Runs the sweep over all synapses on up to `threads` threads; the result does not depend on `threads`
    /// because synapse k's draw is bits(plan.key, k).
    public static func run(
        weights: inout [Float], state: inout SynapseState, plan: SweepPlan,
        steps: SynapseSteps, step: Float, threads: Int
    ) {
        precondition(weights.count == state.synapseCount, "weights and synapse state differ in length")
        let count = weights.count
        weights.withUnsafeMutableBufferPointer { weights in
            state.actionCodes.withUnsafeBufferPointer { codes in
                state.actions.withUnsafeMutableBufferPointer { actions in
                    plan.greedyActions.withUnsafeBufferPointer { greedy in
                        Parallel.forEachBlock(count: count, threads: threads, minimumBlock: minimumSynapsesPerThread) { block in
                            for run in steps.runs {
                                let range = run.range.clamped(to: block)
                                guard !range.isEmpty else { continue }
                                let base = (weights.baseAddress!, codes.baseAddress!, actions.baseAddress!)
                                if let packed = plan.packedGreedyActions {
                                    sweepKernelPacked(weights: base.0, codes: base.1, actions: base.2, range: range,
                                                      step: step * run.multiplier, packedGreedy: packed, plan: plan)
                                } else {
                                    sweepKernelGather(weights: base.0, codes: base.1, actions: base.2, range: range,
                                                      step: step * run.multiplier, greedy: greedy.baseAddress!, plan: plan)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// For k in range: a = explores ? uniform action : greedy(codes[k]); actions[k] = a; weights[k] += step · (a − 1).
    /// The greedy action is 2 bits of `packedGreedy` at 2 · code: every lane op is 32-bit, so this vectorises
    /// (history lengths ≤ 2). weights, codes and actions are per synapse.
    @inline(__always)
    static func sweepKernelPacked(
        weights: UnsafeMutablePointer<Float>, codes: UnsafePointer<UInt8>, actions: UnsafeMutablePointer<UInt8>,
        range: Range<Int>, step: Float, packedGreedy: UInt32, plan: SweepPlan
    ) {
        let (threshold, always, key) = (plan.exploreThreshold, plan.alwaysExplore, plan.key)
        for k in range {
            let draws = CounterRandom.synapseDraws(key: key, index: UInt32(truncatingIfNeeded: k))
            let greedy = (packedGreedy &>> (UInt32(codes[k]) &<< 1)) & 3
            let action = (always || draws.explore < threshold) ? SweepPlan.randomAction(draws.action) : greedy
            actions[k] = UInt8(truncatingIfNeeded: action)
            weights[k] += step * Float(Int32(bitPattern: action) - 1)
        }
    }

    /// The same for any history length: the greedy action by a byte lookup (a gather, so not vectorised).
    @inline(__always)
    static func sweepKernelGather(
        weights: UnsafeMutablePointer<Float>, codes: UnsafePointer<UInt8>, actions: UnsafeMutablePointer<UInt8>,
        range: Range<Int>, step: Float, greedy: UnsafePointer<UInt8>, plan: SweepPlan
    ) {
        let (threshold, always, key) = (plan.exploreThreshold, plan.alwaysExplore, plan.key)
        for k in range {
            let draws = CounterRandom.synapseDraws(key: key, index: UInt32(truncatingIfNeeded: k))
            let action = (always || draws.explore < threshold)
                ? SweepPlan.randomAction(draws.action) : UInt32(greedy[Int(codes[k])])
            actions[k] = UInt8(truncatingIfNeeded: action)
            weights[k] += step * Float(Int32(bitPattern: action) - 1)
        }
    }
}
