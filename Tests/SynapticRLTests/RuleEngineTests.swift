import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL

/// The general rule engine: against the paper's kernels on the paper's rule, against its scalar twin on random
/// rules, and hand-checked on the parts the paper has no kernel for (SARSA, fixed maps, Boltzmann, rewards).
@Suite struct RuleEngineTests {
    var smallShape: BoundaryTask.Shape {
        var shape = BoundaryTask.Shape()
        shape.pointCount = 300
        shape.hiddenUnits = 20
        return shape
    }

    /// A small boundary task and a maker of fresh trainers of `rule` on the same learner: runs to compare.
    func boundaryTrainers(rule: SynapticRule, seed: UInt64) throws -> (BoundaryTask, () throws -> SynapticTrainer) {
        let task = try BoundaryTask(seed: seed, shape: smallShape)
        let network = try task.makeLearner(seed: seed, weightRange: 0.5)
        return (task, {
            try SynapticTrainer(network: network, rule: rule, table: nil, threads: 1, seed: seed, initialLoss: task.loss(of: network))
        })
    }

    /// Losses, weights and table of `iterations` boundary iterations under `rule`.
    func trajectory(rule: SynapticRule, generalSweep: Bool, seed: UInt64 = 3, threads: Int = 1, iterations: Int = 150,
                    table: RuleTable? = nil) throws -> (losses: [Double], weights: [Float], table: [Double]) {
        let task = try BoundaryTask(seed: seed, shape: smallShape, threads: threads)
        let network = try task.makeLearner(seed: seed, weightRange: 0.5)
        let trainer = try SynapticTrainer(network: network, rule: rule, table: table, threads: threads, seed: seed,
                                          initialLoss: task.loss(of: network), generalSweep: generalSweep)
        var losses = [trainer.loss]
        for _ in 0..<iterations {
            try trainer.step(on: task)
            losses.append(trainer.loss)
        }
        return (losses, trainer.network.weights, trainer.ruleTable.values)
    }

    /// The general engine on the paper's rule takes the paper kernels' trajectory bit for bit: the same draws,
    /// greedy actions, moves, in-place Q updates and histories (adaptive from zeros, and static on a learned table,
    /// with a step schedule and biases at ×2).
    @Test(arguments: [false, true])
    func theGeneralSweepReproducesThePaperKernels(adaptive: Bool) throws {
        var settings = SynapticSettings()
        settings.adaptive = adaptive
        settings.biasStepMultiplier = 2
        let rule = SynapticRule(settings: settings, stepSchedule: StepSchedule(changes: [.init(iteration: 60, factor: 0.5)]))
        var start: RuleTable?
        if !adaptive {
            var learner = SynapticRule(settings: SynapticSettings())
            learner.learning = .qLearning(rate: 0.05, discount: 0.9)
            start = try RuleTable(space: RuleStateSpace(rule: rule, layers: 2),
                                  values: trajectory(rule: learner, generalSweep: false, seed: 9).table)
        }
        let paper = try trajectory(rule: rule, generalSweep: false, table: start)
        let general = try trajectory(rule: rule, generalSweep: true, table: start)
        #expect(paper.losses == general.losses)
        #expect(paper.weights == general.weights)
        #expect(paper.table == general.table)
        #expect(Set(paper.losses).count > 20, "the run must move")
    }

    /// A paper rule with an ε schedule, taken back to a snapshot by a fresh trainer, goes on as one left alone:
    /// restoring keeps the schedule (it does not freeze ε at the snapshot's value).
    @Test func aRestoredTrainerKeepsTheRulesSchedules() throws {
        var rule = SynapticRule()
        rule.epsilon = .linear(from: 0.5, to: 0.05, iterations: 80)
        rule.step = .piecewise(start: 0.002, changes: [.init(iteration: 60, factor: 0.5)])
        let (task, trainer) = try boundaryTrainers(rule: rule, seed: 4)
        let alone = try trainer()
        for _ in 0..<100 { try alone.step(on: task) }
        let first = try trainer()
        for _ in 0..<40 { try first.step(on: task) }
        let resumed = try trainer()
        try resumed.restore(first.snapshot)
        for _ in 0..<60 { try resumed.step(on: task) }
        #expect(resumed.network.weights == alone.network.weights && resumed.table == alone.table)
        #expect(resumed.settings.epsilon == alone.settings.epsilon && abs(alone.settings.epsilon - 0.05) < 1e-12)
    }

    /// The rules a snapshot must carry whole: Boltzmann + SARSA (a pending update, a temperature schedule),
    /// five-level moves with an adaptive step (its window half-way), weight-sign and bias/input features, and the
    /// paper's rule with an adaptive step (the paper kernels' memory plus the schedule's state).
    static let restoredRules: [String: SynapticRule] = {
        let adaptive = RuleSchedule<Float>.adaptive(start: 0.002, target: 0.2, factor: 1.3, window: 10, minimum: 1e-5, maximum: 0.05)
        var boltzmann = SynapticRule()
        (boltzmann.policy, boltzmann.learning, boltzmann.reward) = (.boltzmann, .sarsa(rate: 0.05, discount: 0.9), .tiesNeutral)
        boltzmann.temperature = .exponential(from: 0.5, rate: 0.99, minimum: 0.01)
        var fiveLevel = SynapticRule()
        (fiveLevel.actions, fiveLevel.step) = (.fiveLevel, adaptive)
        var weightSign = SynapticRule()
        weightSign.state = RuleStateFeatures(actionHistory: 2, rewardHistory: 1, weightSign: true, synapseKind: true)
        weightSign.epsilon = .linear(from: 0.5, to: 0.05, iterations: 80)
        var paperAdaptive = SynapticRule()
        paperAdaptive.step = adaptive
        var presynaptic = SynapticRule()
        presynaptic.state.presynapticActivity = true
        return ["boltzmann-sarsa": boltzmann, "five-level-adaptive": fiveLevel, "weight-sign": weightSign,
                "paper-adaptive-step": paperAdaptive, "presynaptic": presynaptic]
    }()

    /// Any rule: a fresh trainer restored from the snapshot of iteration 37 of a run ends at iteration 100 where
    /// the run left alone does, bit for bit (weights, loss, table, its running mean, memory, step).
    @Test(arguments: ["boltzmann-sarsa", "five-level-adaptive", "weight-sign", "paper-adaptive-step", "presynaptic"])
    func aRestoredTrainerOfAnyRuleGoesOnAsOneLeftAlone(name: String) throws {
        let rule = Self.restoredRules[name]!
        let (task, trainer) = try boundaryTrainers(rule: rule, seed: 5)
        let alone = try trainer()
        for _ in 0..<100 { try alone.step(on: task) }
        let first = try trainer()
        for _ in 0..<37 { try first.step(on: task) }
        let saved = first.snapshot
        #expect((saved.general == nil) == rule.isPaperRule)
        if case .sarsa = rule.learning { #expect(saved.general?.pending != nil, "a SARSA update waits at the snapshot") }
        if rule.step.isAdaptive { #expect(saved.scheduleState.windowIterations == 7) }
        let resumed = try trainer()
        try resumed.restore(saved)
        for _ in 0..<63 { try resumed.step(on: task) }
        #expect(resumed.network.weights.map(\.bitPattern) == alone.network.weights.map(\.bitPattern))
        #expect(resumed.loss.bitPattern == alone.loss.bitPattern && resumed.iteration == 100)
        #expect(resumed.ruleTable == alone.ruleTable && resumed.averageRuleTable == alone.averageRuleTable)
        #expect(resumed.snapshot.general == alone.snapshot.general && resumed.scheduleState == alone.scheduleState)
        #expect(resumed.stepSize == alone.stepSize && resumed.temperature == alone.temperature)
        #expect(Set(alone.network.weights).count > 10 && alone.ruleTable.values.contains { $0 != 0 } == rule.learning.learns)
    }

    /// A snapshot that does not fit is refused in one line and changes nothing: a paper rule's into a general
    /// rule's trainer and back, a synapse state past the table, an adaptive window past its length.
    @Test func aSnapshotThatDoesNotFitIsRefused() throws {
        let task = try BoundaryTask(seed: 5, shape: smallShape)
        let network = try task.makeLearner(seed: 5, weightRange: 0.5)
        func trainer(_ name: String) throws -> SynapticTrainer {
            try SynapticTrainer(network: network, rule: Self.restoredRules[name]!, table: nil, threads: 1, seed: 5,
                                initialLoss: task.loss(of: network))
        }
        let (general, paper) = (try trainer("five-level-adaptive"), try trainer("paper-adaptive-step"))
        for _ in 0..<3 { try general.step(on: task); try paper.step(on: task) }
        func refused(_ target: SynapticTrainer, _ snapshot: SynapticTrainer.Snapshot, _ text: String) {
            let before = target.snapshot
            do {
                try target.restore(snapshot)
                Issue.record("restored: \(text)")
            } catch {
                #expect("\(error)".contains(text), "\(error)")
                #expect(!"\(error)".contains("\n"))
            }
            #expect(target.snapshot.general == before.general && target.iteration == before.iteration)
        }
        refused(try trainer("paper-adaptive-step"), general.snapshot, "general rule's trainer does not fit")
        refused(try trainer("five-level-adaptive"), paper.snapshot, "paper rule's trainer does not fit")
        var bad = general.snapshot
        bad.general!.states[0] = UInt32.max
        refused(try trainer("five-level-adaptive"), bad, "out of range")
        bad = general.snapshot
        bad.scheduleState.windowIterations = 10
        refused(try trainer("five-level-adaptive"), bad, "does not fit its adaptive schedule")
    }

    /// Random rules, random networks: `RuleSweep.run` on 1–3 threads equals its scalar twin exactly (states,
    /// actions, weights), through several iterations of histories and table changes.
    @Test(arguments: [11, 12, 13, 14, 15, 16, 17, 18] as [UInt64])
    func theSweepEqualsItsScalarTwin(seed: UInt64) throws {
        var random = CounterStream(seed: seed)
        var rule = SynapticRule()
        rule.state = RuleStateFeatures(actionHistory: random.index(below: 4), rewardHistory: random.index(below: 4),
                                       weightSign: random.index(below: 2) == 1, synapseKind: random.index(below: 2) == 1,
                                       layerTables: random.index(below: 2) == 1,
                                       presynapticActivity: random.index(below: 2) == 1)
        rule.actions = RuleActionSet.allCases[random.index(below: 3)]
        rule.biasStepMultiplier = [1, 2, 0.5][random.index(below: 3)]
        switch random.index(below: 3) {
        case 0: rule.policy = .epsilonGreedy
        case 1: rule.policy = .boltzmann
        default:
            rule.policy = .fixed(.repeatOrReverse)
            rule.learning = .none
            rule.state.actionHistory = max(rule.state.actionHistory, 1)
            rule.state.rewardHistory = max(rule.state.rewardHistory, 1)
        }
        let hidden = [1, 7, 33][random.index(below: 3)]
        var network = try Network(sizes: [2 + random.index(below: 40), hidden, 1 + random.index(below: 3)],
                                  activations: [.tanh, .identity])
        for index in network.weights.indices { network.weights[index] = random.uniform(-1, 1) }
        let space = RuleStateSpace(rule: rule, layers: network.layerCount)
        var table = RuleTable(space: space)
        for index in table.values.indices { table.values[index] = Double(random.uniform(-1, 1)).rounded(.down) }  // ties
        var memory = RuleMemory(network: network, space: space)
        let steps = SynapseSteps(network: network, biasMultiplier: rule.biasStepMultiplier)
        for iteration in 0..<4 {
            if rule.state.presynapticActivity {  // a fresh random activity each iteration
                let activity = PresynapticActivity(active: (0..<network.layerCount).map { layer in
                    (0..<network.inputs(ofLayer: layer)).map { _ in random.index(below: 2) == 1 }
                })
                try memory.setPresynapticActivity(activity, network: network)
            }
            let (epsilon, temperature) = (0.3, 0.5)
            let choice = RuleChoice(rule: rule, table: table, rewardCode: memory.rewardCode, epsilon: epsilon,
                                    temperature: temperature, seed: seed, iteration: iteration)
            var twinWeights = network.weights
            var twinMemory = memory
            RuleSweep.scalarTwin(weights: &twinWeights, memory: &twinMemory, rule: rule, table: table, epsilon: epsilon,
                                 temperature: temperature, seed: seed, iteration: iteration, network: network, step: 0.01)
            for threads in 1...3 {
                var weights = network.weights
                var fast = memory
                RuleSweep.run(weights: &weights, memory: &fast, choice: choice, space: space, actionSet: rule.actions,
                              steps: steps, step: 0.01, threads: threads)
                #expect(fast == twinMemory, "rule \(rule), iteration \(iteration), \(threads) threads")
                #expect(weights == twinWeights)
            }
            #expect(twinMemory.actions.allSatisfy { Int($0) < space.actionCount })
            #expect(twinMemory.states.allSatisfy { Int($0) < space.stateCount })
            // Move on: histories as the engine pushes them, a random reward, a changed table.
            network.weights = twinWeights
            memory = twinMemory
            for k in memory.actionCodes.indices {
                memory.actionCodes[k] = UInt16(space.pushingAction(Int(memory.actions[k]), onto: Int(memory.actionCodes[k])))
                #expect(Int(memory.actionCodes[k]) < space.actionCodes)
            }
            memory.rewardCode = space.pushingReward(random.index(below: 3), onto: memory.rewardCode)
            table.values[random.index(below: table.values.count)] += 2
        }
    }

    /// The Boltzmann sweep equals its scalar twin exactly on runs straddling the vector widths and 512-synapse
    /// chunks (a chunked version was tried), ternary and five-level, on 1–3 threads.
    @Test(arguments: [2, 16, 17, 33, 511, 512, 513, 1025, 2049])
    func theBoltzmannSweepEqualsItsTwinAcrossChunks(synapses: Int) throws {
        for actions in [RuleActionSet.ternary, .fiveLevel] {
            var rule = SynapticRule()
            (rule.policy, rule.actions) = (.boltzmann, actions)
            rule.state = RuleStateFeatures(actionHistory: 2, rewardHistory: 1, weightSign: true, synapseKind: true)
            var random = CounterStream(seed: UInt64(synapses))
            var network = try Network(sizes: [synapses - 1, 1], activations: [.identity])
            for index in network.weights.indices { network.weights[index] = random.uniform(-1, 1) }
            let space = RuleStateSpace(rule: rule, layers: 1)
            var table = RuleTable(space: space)
            for index in table.values.indices { table.values[index] = Double(random.uniform(-2, 2)) }
            var memory = RuleMemory(network: network, space: space)
            for k in memory.actionCodes.indices { memory.actionCodes[k] = UInt16(random.index(below: space.actionCodes)) }
            let choice = RuleChoice(rule: rule, table: table, rewardCode: 1, epsilon: 0, temperature: 0.7, seed: 3, iteration: 5)
            memory.rewardCode = 1
            var (twinWeights, twinMemory) = (network.weights, memory)
            RuleSweep.scalarTwin(weights: &twinWeights, memory: &twinMemory, rule: rule, table: table, epsilon: 0,
                                 temperature: 0.7, seed: 3, iteration: 5, network: network, step: 0.01)
            for threads in 1...3 {
                var (weights, fast) = (network.weights, memory)
                RuleSweep.run(weights: &weights, memory: &fast, choice: choice, space: space, actionSet: actions,
                              steps: SynapseSteps(network: network, biasMultiplier: 1), step: 0.01, threads: threads)
                #expect(fast == twinMemory && weights == twinWeights, "\(actions), \(threads) threads")
            }
            #expect(Set(twinMemory.actions).count == actions.count || synapses < 100, "every action drawn")
        }
    }

    /// SARSA waits for a': after iteration 1 the table is untouched; the second move applies iteration 1's update
    /// Q(s, a) += α (R + γ Q(s', a') − Q(s, a)) synapse by synapse. With ε = 0 and a table of zeros every synapse
    /// takes action 0 (the first maximum), so all updates land on one entry: Q ← Q + α (R + γ Q − Q) each time,
    /// Q(s', a') being that same entry only when s' = s (it is not: the history changed), so Q_k = Q_{k−1} + α (R − Q_{k−1}).
    @Test func sarsaAppliesEachUpdateOneIterationLate() throws {
        let (trainer, objective) = try threeSynapseTrainer(learning: .sarsa(rate: 0.5, discount: 0.9))
        try trainer.step(on: objective)
        #expect(trainer.ruleTable.values.allSatisfy { $0 == 0 }, "no update before a' is drawn")
        let reward = trainer.rewardRule.reward(previous: try objective.loss(of: startNetwork), new: trainer.loss)
        trainer.move()
        var q = 0.0
        for _ in 0..<3 { q += 0.5 * (reward + 0.9 * 0 - q) }
        let space = trainer.ruleTable.space
        let state = space.state(local: space.initialActionCode, rewardCode: space.initialRewardCode)
        #expect(trainer.ruleTable.values[state * 3 + 0] == q)
        #expect(trainer.ruleTable.values.filter { $0 != 0 }.count == 1)
    }

    /// SARSA on the engine's swapped buffers against the plain sequence: copy the states and actions at each
    /// reward, apply the update at the next move (the scalar twin's sweep, a fresh copy of each array). Every
    /// iteration's weights, actions and states and the final table agree bit for bit, ε-greedy and Boltzmann,
    /// ternary and five-level.
    @Test(arguments: [(RulePolicy.epsilonGreedy, RuleActionSet.ternary), (.boltzmann, .fiveLevel)])
    func sarsaOnSwappedBuffersIsThePlainSequence(policy: RulePolicy, actions: RuleActionSet) throws {
        var rule = SynapticRule()
        (rule.policy, rule.actions, rule.learning) = (policy, actions, .sarsa(rate: 0.3, discount: 0.9))
        let task = try BoundaryTask(seed: 6, shape: smallShape)
        var network = try task.makeLearner(seed: 6, weightRange: 0.5)
        var engine = try RuleEngine(rule: rule, network: network, table: nil)
        let space = engine.space
        var (weights, memory, table) = (network.weights, engine.memory, engine.table)
        var pending: RuleMemory.Pending?
        var loss = try task.loss(of: network)
        for iteration in 0..<80 {
            let (epsilon, temperature, step): (Double, Double, Float) = (0.2, 0.5, 2e-3)
            engine.move(weights: &network.weights, epsilon: epsilon, temperature: temperature, step: step, seed: 7,
                        iteration: iteration, threads: 1)
            RuleSweep.scalarTwin(weights: &weights, memory: &memory, rule: rule, table: table, epsilon: epsilon,
                                 temperature: temperature, seed: 7, iteration: iteration, network: network, step: step)
            if let waiting = pending {
                RuleLearningPass.sarsa(table: &table, pending: waiting, memory: memory, rate: 0.3, discount: 0.9)
                pending = nil
            }
            #expect(network.weights == weights && engine.memory.actions == memory.actions && engine.memory.states == memory.states,
                    "iteration \(iteration)")
            let newLoss = try task.loss(of: network)
            let reward = RewardRule(rule.reward).reward(previous: loss, new: newLoss)
            engine.learn(reward: reward, weights: network.weights)
            pending = RuleMemory.Pending(reward: reward, states: Array(memory.states), actions: Array(memory.actions))
            let symbol = reward > 0 ? Int(RewardSymbol.bonus) : (reward < 0 ? Int(RewardSymbol.penalty) : Int(RewardSymbol.neutral))
            for k in memory.actionCodes.indices {
                memory.actionCodes[k] = UInt16(space.pushingAction(Int(memory.actions[k]), onto: Int(memory.actionCodes[k])))
            }
            memory.rewardCode = space.pushingReward(symbol, onto: memory.rewardCode)
            loss = newLoss
        }
        #expect(engine.table.values == table.values)
        #expect(engine.memory.pending == pending)
        #expect(Set(table.values).count > 10, "the table must learn")
    }

    /// Repeat-or-reverse: a penalised synapse reverses its last action, a rewarded one repeats it.
    @Test func theRepeatOrReverseMapFollowsTheLastReward() throws {
        var rule = SynapticRule()
        rule.policy = .fixed(.repeatOrReverse)
        rule.learning = .none
        rule.state = RuleStateFeatures(actionHistory: 1, rewardHistory: 1)
        let space = RuleStateSpace(rule: rule, layers: 1)
        // state = actionCode · 3 + rewardCode; actions 0 −, 1 none, 2 +; rewards 0 penalty, 1 neutral, 2 bonus.
        let expected = [[2, 0, 0], [1, 1, 1], [0, 2, 2]]  // [last action][last reward]
        for action in 0..<3 {
            for reward in 0..<3 {
                #expect(RuleChoice.fixedAction(.repeatOrReverse, state: action * 3 + reward, space: space) == expected[action][reward])
            }
        }
        #expect(RuleChoice.fixedAction(.repeatOrStay, state: 2 * 3 + 0, space: space) == 1)
        #expect(RuleChoice.fixedAction(.repeatOrStay, state: 0 * 3 + 2, space: space) == 0)
    }

    /// Boltzmann thresholds: equal values split the draws evenly; a cold temperature is the greedy action; the
    /// shares follow exp(Q / T).
    @Test func boltzmannThresholdsFollowTheSoftmax() throws {
        var rule = SynapticRule()
        rule.state = RuleStateFeatures(actionHistory: 0, rewardHistory: 0)
        let space = RuleStateSpace(rule: rule, layers: 1)
        let even = try RuleTable(space: space, values: [0, 0, 0])
        let thresholds = RuleChoice.boltzmannThresholds(table: even, state: 0, temperature: 1)
        #expect(thresholds.count == 2 && abs(Double(thresholds[0]) - 0x1p32 / 3) < 2 && abs(Double(thresholds[1]) - 0x1p33 / 3) < 2)
        let peaked = try RuleTable(space: space, values: [0, 1, 0])
        #expect(RuleChoice.boltzmannThresholds(table: peaked, state: 0, temperature: 1e-3) == [0, UInt32.max])
        let shares = RuleChoice.boltzmannThresholds(table: peaked, state: 0, temperature: 1)
        let e = Foundation.exp(1.0)
        #expect(abs(Double(shares[1] - shares[0]) / 0x1p32 - e / (e + 2)) < 1e-9)
    }

    /// Each reward kind on falls, ties and rises.
    @Test func rewardKinds() {
        #expect(RuleReward.strictDecrease.reward(previous: 1, new: 1) == -1)
        #expect(RuleReward.tiesNeutral.reward(previous: 1, new: 1) == 0)
        #expect(RuleReward.tiesNeutral.reward(previous: 1, new: 0.9) == 1 && RuleReward.tiesNeutral.reward(previous: 1, new: 2) == -1)
        let thresholded = RuleReward.thresholded(tau: 0.01)
        #expect(thresholded.reward(previous: 2, new: 1.99) == 0 && thresholded.reward(previous: 2, new: 1.9) == 1
                    && thresholded.reward(previous: 2, new: 2.1) == -1)
        #expect(RuleReward.graded.reward(previous: 2, new: 1.5) == 0.25 && RuleReward.graded.reward(previous: 1, new: 5) == -1)
        #expect(RuleReward.graded.reward(previous: 0, new: 0) == 0 && RuleReward.graded.reward(previous: 0, new: 1) == -1)
        #expect(RewardRule(name: "wild") { _, _ in 7.0 }.reward(previous: 1, new: 0) == 1)
    }

    /// Tied losses under "ties neutral": the reward history records the neutral symbol, and Q moves by γ max Q' − Q only.
    @Test func aNeutralRewardIsRememberedAsNeutral() throws {
        var rule = SynapticRule()
        rule.reward = .tiesNeutral
        rule.epsilon = .constant(0)
        rule.state = RuleStateFeatures(actionHistory: 1, rewardHistory: 2)
        let task = try BoundaryTask(seed: 2, shape: smallShape)
        let network = try task.makeLearner(seed: 2, weightRange: 0.5)
        let trainer = try SynapticTrainer(network: network, rule: rule, table: nil, threads: 1, seed: 2,
                                          initialLoss: task.loss(of: network))
        _ = try trainer.learn(newLoss: trainer.loss)  // a tie, without moving
        let space = trainer.ruleTable.space
        #expect(trainer.ruleMemory?.rewardCode == space.pushingReward(Int(RewardSymbol.neutral), onto: space.initialRewardCode))
        #expect(trainer.ruleTable.values.allSatisfy { $0 == 0 })
    }

    var startNetwork: Network {
        var network = try! Network(sizes: [2, 1], activations: [.identity])
        network.weights = [0.5, -0.25, 1]
        return network
    }

    /// SynapticTrainerTests' 3-synapse regression under a general rule with `learning`, ε = 0, from zeros.
    func threeSynapseTrainer(learning: RuleLearning) throws -> (SynapticTrainer, Objective) {
        let input = try Batch(features: 2, count: 2, values: [1, -1, 2, 1])
        let objective = RegressionObjective(sizes: [2, 1], input: input, targets: [2, 0])
        var rule = SynapticRule()
        rule.learning = learning
        rule.epsilon = .constant(0)
        rule.step = .constant(0.125)
        let trainer = try SynapticTrainer(network: startNetwork, rule: rule, table: nil, threads: 1, seed: 1,
                                          initialLoss: objective.loss(of: startNetwork))
        return (trainer, objective)
    }
}
