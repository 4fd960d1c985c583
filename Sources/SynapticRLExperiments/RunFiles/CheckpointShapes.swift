import Foundation
import SynapticRL

/// Checks a checkpoint header against itself before anything large is allocated, then reads its arrays:
/// every count must follow from the header's shapes and the bytes must end exactly where the arrays do.
struct CheckpointShapes {
    /// The synapses of a checkpoint's network, once its sizes are checked against its configuration: sizes are
    /// at most 2^20 and layers at most 64 (validated), so the count fits easily. Both checkpoint formats read it.
    static func synapseCount(sizes: [Int], configuration: ClassificationExperiment.Configuration,
                             fail: (String) -> SynapticRLError) throws -> Int {
        guard sizes.count >= 2, sizes.allSatisfy({ (1...ClassificationExperiment.Configuration.maximumLayerSize).contains($0) }),
              Array(sizes.dropFirst().dropLast()) == configuration.hiddenUnits else {
            throw fail("network sizes \(sizes) do not fit the configuration")
        }
        var synapses = 0
        for layer in 0..<(sizes.count - 1) { synapses += sizes[layer + 1] * (sizes[layer] + 1) }
        return synapses
    }

    let header: CheckpointFile.Header
    /// The file's format version (`CheckpointFile.readableVersions`).
    let version: UInt32
    let fail: (String) -> SynapticRLError

    /// The counts every array's length follows from.
    private struct Shapes {
        let sizes: [Int]
        let synapses: Int
        /// The rule in force and whether its memory is a general rule's (`RuleEngineState`) or the paper kernels'.
        let rule: SynapticRule
        let isGeneral: Bool
        /// The paper kernels' history length and codes, and their table's entries (codes² states × 3 actions).
        let historyLength: Int
        let codes: Int
        let tableSize: Int
        /// The rule's state space and its table's entries (states × actions).
        let space: RuleStateSpace
        let ruleTableSize: Int
        let batch: Int
        /// trials × first-layer units × minibatch: the first layer's stacked state.
        let stacked: Int
    }

    func read(_ reader: inout ByteReader) throws -> Checkpoint {
        let configuration = header.configuration
        let shapes = try checkedShapes()
        try checkArrays(shapes, remaining: reader.remaining)
        var trialStates = try header.trials.enumerated().map { try readTrial($1, index: $0, shapes, from: &reader) }
        let losses = try reader.takeRaw(Double.self, count: configuration.trials)
        guard losses.allSatisfy(\.isFinite) else { throw fail("a saved loss is not finite") }
        for index in 0..<configuration.trials { trialStates[index].loss = losses[index] }
        let base = try reader.takeRaw(Float.self, count: shapes.stacked)
        let counts = try reader.takeRaw(Int32.self, count: shapes.stacked)
        var restored = configuration
        do {
            if header.arrays.contains(where: { $0.name == "policy" }) {
                restored.table = try QTable(historyLength: configuration.settings.historyLength,
                                            values: try reader.takeRaw(Double.self, count: shapes.tableSize))
            }
            if header.arrays.contains(where: { $0.name == "rulePolicy" }) {
                restored.initialRuleTable = try RuleTable(space: shapes.space,
                                                          values: try reader.takeRaw(Double.self, count: shapes.ruleTableSize))
            }
        } catch let error as SynapticRLError { throw fail(error.detail) }
        if version >= 2 { try checkRule(try reader.take(count: header.arrays.last!.count), shapes) }
        do { try restored.validate() } catch let error as SynapticRLError { throw fail(error.detail) }
        guard header.iterationsSinceBase >= 0, (header.countedStepBits.map { Float(bitPattern: $0) }?.isFinite ?? true) else {
            throw fail("the first layer's state is implausible")
        }
        return Checkpoint(
            configuration: restored, dataPath: header.dataPath, dataHash: header.dataHash, iteration: header.iteration,
            batchNumber: header.batchNumber, minibatchSize: shapes.batch, elapsedSeconds: header.elapsedSeconds,
            trials: trialStates,
            firstLayer: StackedFirstLayer.Snapshot(
                base: base, counts: counts, countedStep: header.countedStepBits.map { Float(bitPattern: $0) },
                iterationsSinceBase: header.iterationsSinceBase, hasBase: header.hasBase))
    }

    /// The rule the file records (as `RuleFile` writes it) must be the rule its configuration runs.
    private func checkRule(_ bytes: [UInt8], _ shapes: Shapes) throws {
        let file: RuleFile
        do { file = try RuleFile.decode(Data(bytes)) } catch let error as SynapticRLError { throw fail("its rule: \(error.detail)") }
        guard file.rule == shapes.rule else { throw fail("its rule is not the rule its configuration runs") }
    }

    /// The configuration, progress and network sizes checked, and the counts that follow from them.
    private func checkedShapes() throws -> Shapes {
        let configuration = header.configuration
        // A start table follows the arrays: zeros of its rule's states stand in for it until it is read (then
        // the configuration is validated again, with it).
        var bare = configuration
        if header.arrays.contains(where: { $0.name == "rulePolicy" }) {
            let space = RuleStateSpace(rule: configuration.effectiveRule, layers: configuration.hiddenUnits.count + 1)
            if space.stateCount <= RuleStateSpace.maximumStates { bare.initialRuleTable = RuleTable(space: space) }
        }
        do { try bare.validate() } catch let error as SynapticRLError { throw fail(error.detail) }
        let trials = configuration.trials
        guard header.trials.count == trials else { throw fail("the trial counts disagree") }
        guard configuration.iterations >= 1, (0..<configuration.iterations).contains(header.iteration),
              header.batchNumber >= 0, header.elapsedSeconds.isFinite, header.elapsedSeconds >= 0 else {
            throw fail("implausible progress: iteration \(header.iteration) of \(configuration.iterations)")
        }
        let sizes = header.sizes
        // The stacked arrays (trials × units × minibatch) need checked products; one network's count does not.
        let synapses = try Self.synapseCount(sizes: sizes, configuration: configuration, fail: fail)
        let rule = configuration.effectiveRule
        let isGeneral = !rule.isPaperRule
        if version < 2, isGeneral || rule.step.isAdaptive {
            throw fail("a version-1 checkpoint holds the paper rule's memory only, not this rule's")
        }
        let historyLength = rule.settings(threads: 1).historyLength
        let codes = HistoryCoding(length: historyLength).codeCount
        let space = RuleStateSpace(rule: rule, layers: sizes.count - 1)
        let batch = header.minibatchSize
        guard batch >= 1, batch <= configuration.batchSize else { throw fail("minibatch size \(batch) does not fit the configuration") }
        guard let stacked = MemoryBudget.bytes([[trials, sizes[1], batch]]), MemoryBudget.bytes([[trials, synapses, 16]]) != nil else {
            throw fail("its shapes (\(trials) trials of \(sizes), minibatch \(batch)) are too large")
        }
        return Shapes(sizes: sizes, synapses: synapses, rule: rule, isGeneral: isGeneral, historyLength: historyLength, codes: codes,
                      tableSize: codes * codes * QTable.actionCount, space: space,
                      ruleTableSize: space.stateCount * space.actionCount, batch: batch, stacked: stacked)
    }

    /// The header's array list must be exactly the one the shapes give, and the bytes left exactly their size.
    private func checkArrays(_ shapes: Shapes, remaining: Int) throws {
        let (synapses, tableSize, ruleTableSize) = (shapes.synapses, shapes.tableSize, shapes.ruleTableSize)
        var expected: [CheckpointFile.ArrayEntry] = []
        for (index, trial) in header.trials.enumerated() {
            expected.append(.init(name: "weights.\(index)", type: "f32", count: synapses))
            if version >= 2 {
                guard trial.schedule != nil, (trial.rule != nil) == shapes.isGeneral else {
                    throw fail("trial \(index)'s header does not hold its rule's state")
                }
            }
            if shapes.isGeneral {
                expected += [.init(name: "rule.table.\(index)", type: "f64", count: ruleTableSize),
                             .init(name: "rule.tableSums.\(index)", type: "f64", count: ruleTableSize),
                             .init(name: "rule.actionCodes.\(index)", type: "u16", count: synapses),
                             .init(name: "rule.actions.\(index)", type: "u8", count: synapses),
                             .init(name: "rule.states.\(index)", type: "u32", count: synapses)]
                if trial.rule?.pendingRewardBits != nil {
                    expected += [.init(name: "rule.pending.states.\(index)", type: "u32", count: synapses),
                                 .init(name: "rule.pending.actions.\(index)", type: "u8", count: synapses)]
                }
            } else {
                expected += [.init(name: "actionCodes.\(index)", type: "u8", count: synapses),
                             .init(name: "actions.\(index)", type: "u8", count: synapses),
                             .init(name: "table.\(index)", type: "f64", count: tableSize),
                             .init(name: "averageSums.\(index)", type: "f64", count: tableSize)]
            }
        }
        expected += [.init(name: "losses", type: "f64", count: header.configuration.trials),
                     .init(name: "firstLayer.base", type: "f32", count: shapes.stacked),
                     .init(name: "firstLayer.counts", type: "i32", count: shapes.stacked)]
        let names = Set(header.arrays.map(\.name))
        if names.contains("policy") { expected.append(.init(name: "policy", type: "f64", count: tableSize)) }
        if version >= 2 {
            if names.contains("rulePolicy") { expected.append(.init(name: "rulePolicy", type: "f64", count: ruleTableSize)) }
            guard let rule = header.arrays.last, rule.name == "rule", (1...CheckpointFile.maximumRuleBytes).contains(rule.count) else {
                throw fail("it does not end with its rule of at most \(CheckpointFile.maximumRuleBytes) bytes")
            }
            expected.append(.init(name: "rule", type: "u8", count: rule.count))
        }
        guard header.arrays == expected else { throw fail("its arrays do not match the shapes its header describes") }
        let width = ["f32": 4, "f64": 8, "u8": 1, "u16": 2, "u32": 4, "i32": 4]
        let total = MemoryBudget.bytes(expected.map { [$0.count, width[$0.type]!] })
        guard let total, total == remaining else {
            throw fail("\(remaining) bytes of arrays where the header describes \(total.map(String.init) ?? "more than 2^63")")
        }
    }

    /// One trial's network and its rule's memory, each checked (its loss is read after every trial's arrays).
    private func readTrial(_ trialHeader: CheckpointFile.TrialHeader, index: Int, _ shapes: Shapes,
                           from reader: inout ByteReader) throws -> Checkpoint.Trial {
        var network = try Network.classifier(sizes: shapes.sizes)
        network.weights = try reader.takeRaw(Float.self, count: shapes.synapses)
        guard network.weights.allSatisfy(\.isFinite) else { throw fail("a weight is not finite") }
        let scheduleState = try readSchedule(trialHeader.schedule, shapes)
        if shapes.isGeneral {
            let empty = QTable(historyLength: shapes.historyLength)
            return Checkpoint.Trial(network: network, state: SynapseState(synapseCount: 0, historyLength: shapes.historyLength),
                                    table: empty, average: QTableAverage(like: empty),
                                    general: try readGeneral(trialHeader.rule!, shapes, from: &reader),
                                    scheduleState: scheduleState, loss: 0, tally: trialHeader.tally, metrics: trialHeader.metrics)
        }
        var state = SynapseState(synapseCount: shapes.synapses, historyLength: shapes.historyLength)
        state.actionCodes = try reader.takeRaw(UInt8.self, count: shapes.synapses)
        state.actions = try reader.takeRaw(UInt8.self, count: shapes.synapses)
        guard state.actionCodes.allSatisfy({ Int($0) < shapes.codes }), state.actions.allSatisfy({ $0 <= 2 }),
              Int(trialHeader.rewardCode) < shapes.codes else {
            throw fail("a history code is out of range")
        }
        state.rewardCode = trialHeader.rewardCode
        let table: QTable
        do {
            table = try QTable(historyLength: shapes.historyLength, values: try reader.takeRaw(Double.self, count: shapes.tableSize))
        } catch let error as SynapticRLError { throw fail(error.detail) }
        let sums = try reader.takeRaw(Double.self, count: shapes.tableSize)
        guard sums.allSatisfy(\.isFinite), (0...header.iteration).contains(trialHeader.averageSamples) else {
            throw fail("the running average table is not finite or counts implausible samples")
        }
        return Checkpoint.Trial(network: network, state: state, table: table,
                                average: QTableAverage(like: table, sums: sums, sampleCount: trialHeader.averageSamples),
                                general: nil, scheduleState: scheduleState, loss: 0, tally: trialHeader.tally,
                                metrics: trialHeader.metrics)
    }

    /// An adaptive step's state (version 1: the initial one, its rules having none that moves).
    private func readSchedule(_ schedule: CheckpointFile.ScheduleHeader?, _ shapes: Shapes) throws -> RuleScheduleState {
        var state = RuleScheduleState(step: shapes.rule.step.initialValue)
        if let schedule {
            state.step = Float(bitPattern: schedule.stepBits)
            (state.windowIterations, state.windowBonuses) = (schedule.windowIterations, schedule.windowBonuses)
        }
        do { try state.validate(for: shapes.rule.step) } catch let error as SynapticRLError { throw fail(error.detail) }
        return state
    }

    /// A general rule's table, running sum and memory, checked against the rule's states and the network.
    private func readGeneral(_ scalars: CheckpointFile.RuleHeader, _ shapes: Shapes,
                             from reader: inout ByteReader) throws -> RuleEngineState {
        let values = try reader.takeRaw(Double.self, count: shapes.ruleTableSize)
        let sums = try reader.takeRaw(Double.self, count: shapes.ruleTableSize)
        let actionCodes = try reader.takeRaw(UInt16.self, count: shapes.synapses)
        let actions = try reader.takeRaw(UInt8.self, count: shapes.synapses)
        let states = try reader.takeRaw(UInt32.self, count: shapes.synapses)
        var pending: RuleMemory.Pending?
        if let bits = scalars.pendingRewardBits {
            guard case .sarsa = shapes.rule.learning else { throw fail("a pending update, but the rule does not learn by SARSA") }
            pending = RuleMemory.Pending(reward: Double(bitPattern: bits), states: try reader.takeRaw(UInt32.self, count: shapes.synapses),
                                         actions: try reader.takeRaw(UInt8.self, count: shapes.synapses))
        }
        guard (0...header.iteration).contains(scalars.learnedIterations) else {
            throw fail("the rule's running average counts \(scalars.learnedIterations) iterations of \(header.iteration)")
        }
        do {
            let state = RuleEngineState(table: try RuleTable(space: shapes.space, values: values), tableSums: sums,
                                        learnedIterations: scalars.learnedIterations, actionCodes: actionCodes, actions: actions,
                                        states: states, rewardCode: scalars.rewardCode, pending: pending)
            try state.validate(space: shapes.space, synapseCount: shapes.synapses)
            return state
        } catch let error as SynapticRLError { throw fail(error.detail) }
    }
}
