/// The per-iteration action sweep: every synapse picks an action ε-greedily and moves its weight.
public enum SynapseSweep {
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
                        Parallel.forEachBlock(count: count, threads: threads) { block in
                            for run in steps.runs {
                                let range = run.range.clamped(to: block)
                                guard !range.isEmpty else { continue }
                                sweepKernel(
                                    weights: weights.baseAddress!, codes: codes.baseAddress!,
                                    actions: actions.baseAddress!, range: range, step: step * run.multiplier,
                                    greedy: greedy.baseAddress!, exploreThreshold: plan.exploreThreshold, key: plan.key)
                            }
                        }
                    }
                }
            }
        }
    }

    /// For k in range: a = (draw explores) ? uniform action : greedy[codes[k]]; actions[k] = a;
    /// weights[k] += step · (a − 1). greedy has 3^n entries; codes and actions are per synapse.
    @inline(__always)
    static func sweepKernel(
        weights: UnsafeMutablePointer<Float>, codes: UnsafePointer<UInt8>, actions: UnsafeMutablePointer<UInt8>,
        range: Range<Int>, step: Float, greedy: UnsafePointer<UInt8>, exploreThreshold: UInt64, key: UInt64
    ) {
        for k in range {
            let bits = CounterRandom.bits(key: key, counter: UInt64(k))
            let randomAction = UInt8(truncatingIfNeeded: ((bits & 0xFFFF_FFFF) &* 3) >> 32)
            let action = (bits >> 32) < exploreThreshold ? randomAction : greedy[Int(codes[k])]
            actions[k] = action
            weights[k] += step * Float(Int(action) - 1)
        }
    }
}
