/// The per-iteration action sweep of a general rule: every synapse finds its local state, picks an action from
/// this iteration's `RuleChoice` (one byte or A − 1 thresholds per local state, so no table scan per synapse),
/// and moves its weight. `RuleSweep+ScalarTwin` is the plain version it is tested against.
@_spi(Benchmarks) public enum RuleSweep {
    /// Runs the sweep on up to `threads` threads; synapse k's draw is bits(choice.key, k), so the result does not
    /// depend on `threads`.
    public static func run(
        weights: inout [Float], memory: inout RuleMemory, choice: RuleChoice, space: RuleStateSpace,
        actionSet: RuleActionSet, steps: SynapseSteps, step: Float, threads: Int
    ) {
        precondition(weights.count == memory.synapseCount, "weights and rule memory differ in length")
        let rewardCode = memory.rewardCode
        weights.withUnsafeMutableBufferPointer { weights in
            memory.actionCodes.withUnsafeBufferPointer { codes in
                memory.actions.withUnsafeMutableBufferPointer { actions in
                    memory.states.withUnsafeMutableBufferPointer { states in
                        memory.staticIndices.withUnsafeBufferPointer { statics in
                            choice.greedy.withUnsafeBufferPointer { greedy in
                                choice.thresholds.withUnsafeBufferPointer { thresholds in
                                    let buffers = SweepBuffers(
                                        weights: weights.baseAddress!, codes: codes.baseAddress!, statics: statics.baseAddress!,
                                        actions: actions.baseAddress!, states: states.baseAddress!,
                                        greedy: greedy.baseAddress, thresholds: thresholds.baseAddress)
                                    Parallel.forEachBlock(count: weights.count, threads: threads,
                                                          minimumBlock: SynapseSweep.minimumSynapsesPerThread) { block in
                                        for run in steps.runs {
                                            let range = run.range.clamped(to: block)
                                            guard !range.isEmpty else { continue }
                                            sweepKernel(buffers, range: range, step: step * run.multiplier, choice: choice,
                                                        space: space, rewardCode: rewardCode, actionSet: actionSet)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The sweep's arrays, per synapse but `greedy` and `thresholds` (per local state).
    struct SweepBuffers: @unchecked Sendable {
        let weights: UnsafeMutablePointer<Float>
        let codes: UnsafePointer<UInt16>
        let statics: UnsafePointer<UInt16>
        let actions: UnsafeMutablePointer<UInt8>
        let states: UnsafeMutablePointer<UInt32>
        let greedy: UnsafePointer<UInt8>?
        let thresholds: UnsafePointer<UInt32>?
    }

    /// For k in range: the action by the ε-greedy lookup (`greedyKernel`) or by the Boltzmann thresholds of the
    /// synapse's local state (`boltzmannKernel`), its state index into states[k], and its move.
    @inline(__always)
    static func sweepKernel(
        _ b: SweepBuffers, range: Range<Int>, step: Float, choice: RuleChoice, space: RuleStateSpace, rewardCode: Int,
        actionSet: RuleActionSet
    ) {
        let (none, multiplicative) = (actionSet.none, actionSet == .multiplicative)
        switch choice.kind {
        case .greedy:
            greedyKernel(b, range: range, step: step, choice: choice, space: space, rewardCode: rewardCode, none: none,
                         multiplicative: multiplicative)
        case .boltzmann:
            boltzmannKernel(b, range: range, step: step, choice: choice, space: space, rewardCode: rewardCode, none: none,
                            multiplicative: multiplicative)
        }
    }

    /// Synapses per pass of the Boltzmann sweep: its two scratch rows (draws, thresholds reached) stay in L1.
    static let boltzmannChunk = 512

    /// The Boltzmann sweep in three passes per chunk of `boltzmannChunk` synapses, so that each vectorises:
    /// (1) every synapse's local state (into states[k]) = (static · S + sign) · A^n + code, and its draw; (2) for
    /// each of the A − 1 thresholds j, whether the draw reaches thresholds[local · (A − 1) + j] (a gather and a
    /// compare, counted without a branch: the thresholds are cumulative, so the count is the action); (3)
    /// states[k] = local · 3^m + rewardCode, the action and the move.
    @inline(__always)
    static func boltzmannKernel(
        _ b: SweepBuffers, range: Range<Int>, step: Float, choice: RuleChoice, space: RuleStateSpace, rewardCode: Int,
        none: Int, multiplicative: Bool
    ) {
        let (signs, actionCodes) = (UInt32(space.signs), UInt32(space.actionCodes))
        let (rewardCodes, reward, center) = (UInt32(space.rewardCodes), UInt32(rewardCode), Int32(none))
        let (levels, key, thresholds) = (choice.actionCount - 1, choice.key, b.thresholds!)
        let signed: UInt32 = signs == 2 ? 1 : 0
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * boltzmannChunk) { scratch in
            let (draws, reached) = (scratch.baseAddress!, scratch.baseAddress! + boltzmannChunk)
            var first = range.lowerBound
            while first < range.upperBound {
                let end = min(first + boltzmannChunk, range.upperBound)
                for k in first..<end {
                    let sign = signed & (b.weights[k] < 0 ? 0 : 1)
                    b.states[k] = (UInt32(b.statics[k]) &* signs &+ sign) &* actionCodes &+ UInt32(b.codes[k])
                    draws[k - first] = CounterRandom.synapseDraws(key: key, index: UInt32(truncatingIfNeeded: k)).action
                    reached[k - first] = 0
                }
                for j in 0..<levels {
                    for k in first..<end {
                        let threshold = thresholds[Int(b.states[k]) &* levels &+ j]
                        reached[k - first] &+= draws[k - first] >= threshold ? 1 : 0
                    }
                }
                for k in first..<end {
                    let action = reached[k - first]
                    b.actions[k] = UInt8(truncatingIfNeeded: action)
                    b.states[k] = b.states[k] &* rewardCodes &+ reward
                    let move = step * Float(Int32(bitPattern: action) &- center)
                    if multiplicative { b.weights[k] *= 1 + move } else { b.weights[k] += move }
                }
                first = end
            }
        }
    }

    /// The ε-greedy (or fixed-map) sweep in two passes, so that the first vectorises: (1) every synapse's local
    /// state (into states[k]) and draws, the explorers' random action (the rest marked 0xFF); (2) the greedy lookup
    /// for the rest (a gather, scalar), the state index and the move.
    @inline(__always)
    static func greedyKernel(
        _ b: SweepBuffers, range: Range<Int>, step: Float, choice: RuleChoice, space: RuleStateSpace, rewardCode: Int,
        none: Int, multiplicative: Bool
    ) {
        let (signs, actionCodes) = (UInt32(space.signs), UInt32(space.actionCodes))
        let (count, key, threshold, always) = (UInt32(choice.actionCount), choice.key, choice.exploreThreshold, choice.alwaysExplore)
        let signed: UInt32 = signs == 2 ? 1 : 0
        for k in range {
            let sign = signed & (b.weights[k] < 0 ? 0 : 1)
            b.states[k] = (UInt32(b.statics[k]) &* signs &+ sign) &* actionCodes &+ UInt32(b.codes[k])
            let draws = CounterRandom.synapseDraws(key: key, index: UInt32(truncatingIfNeeded: k))
            let random = ((draws.action &>> 8) &* count) &>> 24
            b.actions[k] = UInt8(truncatingIfNeeded: (always || draws.explore < threshold) ? random : 0xFF)
        }
        let (rewardCodes, reward, center, greedy) = (UInt32(space.rewardCodes), UInt32(rewardCode), Int32(none), b.greedy!)
        for k in range {
            let local = b.states[k]
            let action = b.actions[k] == 0xFF ? greedy[Int(local)] : b.actions[k]
            b.actions[k] = action
            b.states[k] = local &* rewardCodes &+ reward
            let move = step * Float(Int32(action) &- center)
            if multiplicative { b.weights[k] *= 1 + move } else { b.weights[k] += move }
        }
    }
}
