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
        let presynapticActive = memory.presynapticActive
        weights.withUnsafeMutableBufferPointer { weights in
            memory.actionCodes.withUnsafeBufferPointer { codes in
                memory.actions.withUnsafeMutableBufferPointer { actions in
                    memory.states.withUnsafeMutableBufferPointer { states in
                        memory.staticIndices.withUnsafeBufferPointer { statics in
                            choice.greedy.withUnsafeBufferPointer { greedy in
                                choice.thresholds.withUnsafeBufferPointer { thresholds in
                                    presynapticActive.withUnsafeBufferPointer { presynapticActive in
                                        let buffers = SweepBuffers(
                                            weights: weights.baseAddress!, codes: codes.baseAddress!,
                                            statics: statics.baseAddress!, actions: actions.baseAddress!,
                                            states: states.baseAddress!, greedy: greedy.baseAddress,
                                            thresholds: thresholds.baseAddress,
                                            presynaptic: PresynapticBuffers(active: presynapticActive))
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
        let presynaptic: PresynapticBuffers?
    }

    /// A rule's presynaptic activity per synapse (`RuleMemory.presynapticActive`): nil where the rule does not read it.
    struct PresynapticBuffers: @unchecked Sendable {
        let flags: UnsafePointer<UInt8>

        init?(active: UnsafeBufferPointer<UInt8>) {
            guard let start = active.baseAddress, !active.isEmpty else { return nil }
            flags = start
        }

        /// Whether synapse k's input is active: 0 or 1.
        @inline(__always)
        func active(_ k: Int) -> UInt32 { UInt32(flags[k]) }
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

    /// The Boltzmann sweep, one scalar pass: local = (static · S + sign) · A^n + code; states[k] = local · 3^m +
    /// rewardCode; the action is how many of the local state's A − 1 thresholds the draw reaches; then the move.
    @inline(__always)
    static func boltzmannKernel(
        _ b: SweepBuffers, range: Range<Int>, step: Float, choice: RuleChoice, space: RuleStateSpace, rewardCode: Int,
        none: Int, multiplicative: Bool
    ) {
        let (signs, actionCodes, rewardCodes, activities) = (space.signs, space.actionCodes, space.rewardCodes, space.activities)
        let (count, key, thresholds) = (choice.actionCount, choice.key, b.thresholds!)
        for k in range {
            let sign = signs == 2 && !(b.weights[k] < 0) ? 1 : 0
            let active = b.presynaptic.map { Int($0.active(k)) } ?? 0
            let local = ((Int(b.statics[k]) * signs + sign) * activities + active) * actionCodes + Int(b.codes[k])
            b.states[k] = UInt32(truncatingIfNeeded: local * rewardCodes + rewardCode)
            let draws = CounterRandom.synapseDraws(key: key, index: UInt32(truncatingIfNeeded: k))
            let row = thresholds + local * (count - 1)
            var action = 0
            for j in 0..<(count - 1) where draws.action >= row[j] { action = j + 1 }
            b.actions[k] = UInt8(truncatingIfNeeded: action)
            let move = step * Float(action - none)
            if multiplicative { b.weights[k] *= 1 + move } else { b.weights[k] += move }
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
        @inline(__always) func markExplorer(_ k: Int) {
            let draws = CounterRandom.synapseDraws(key: key, index: UInt32(truncatingIfNeeded: k))
            let random = ((draws.action &>> 8) &* count) &>> 24
            b.actions[k] = UInt8(truncatingIfNeeded: (always || draws.explore < threshold) ? random : 0xFF)
        }
        if let presynaptic = b.presynaptic {  // the two states of activity between sign and code
            for k in range {
                let sign = signed & (b.weights[k] < 0 ? 0 : 1)
                b.states[k] = ((UInt32(b.statics[k]) &* signs &+ sign) &* 2 &+ presynaptic.active(k)) &* actionCodes
                    &+ UInt32(b.codes[k])
                markExplorer(k)
            }
        } else {
            for k in range {
                let sign = signed & (b.weights[k] < 0 ? 0 : 1)
                b.states[k] = (UInt32(b.statics[k]) &* signs &+ sign) &* actionCodes &+ UInt32(b.codes[k])
                markExplorer(k)
            }
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
