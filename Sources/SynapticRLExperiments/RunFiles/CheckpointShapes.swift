import SynapticRL

/// Checks a checkpoint header against itself before anything large is allocated, then reads its arrays:
/// every count must follow from the header's shapes and the bytes must end exactly where the arrays do.
struct CheckpointShapes {
    let header: CheckpointFile.Header
    let fail: (String) -> SynapticRLError

    /// The counts every array's length follows from.
    private struct Shapes {
        let sizes: [Int]
        let synapses: Int
        /// History codes, and the table's entries (codes² states × 3 actions).
        let codes: Int
        let tableSize: Int
        let batch: Int
        /// trials × first-layer units × minibatch: the first layer's stacked state.
        let stacked: Int
    }

    func read(_ reader: inout ByteReader) throws -> Checkpoint {
        let configuration = header.configuration
        let shapes = try checkedShapes()
        try checkArrays(shapes, remaining: reader.remaining)
        var trialStates = try header.trials.map { try readTrial($0, shapes, from: &reader) }
        let losses = try reader.takeRaw(Double.self, count: configuration.trials)
        guard losses.allSatisfy(\.isFinite) else { throw fail("a saved loss is not finite") }
        for index in 0..<configuration.trials { trialStates[index].loss = losses[index] }
        let base = try reader.takeRaw(Float.self, count: shapes.stacked)
        let counts = try reader.takeRaw(Int32.self, count: shapes.stacked)
        var restored = configuration
        if header.arrays.last?.name == "policy" {
            do {
                restored.table = try QTable(historyLength: configuration.settings.historyLength,
                                            values: try reader.takeRaw(Double.self, count: shapes.tableSize))
            } catch let error as SynapticRLError { throw fail(error.detail) }
        }
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

    /// The configuration, progress and network sizes checked, and the counts that follow from them.
    private func checkedShapes() throws -> Shapes {
        let configuration = header.configuration
        do { try configuration.validate() } catch let error as SynapticRLError { throw fail(error.detail) }
        let trials = configuration.trials
        guard header.trials.count == trials else { throw fail("the trial counts disagree") }
        guard configuration.iterations >= 1, (0..<configuration.iterations).contains(header.iteration),
              header.batchNumber >= 0, header.elapsedSeconds.isFinite, header.elapsedSeconds >= 0 else {
            throw fail("implausible progress: iteration \(header.iteration) of \(configuration.iterations)")
        }
        let sizes = header.sizes
        guard sizes.count >= 2, sizes.allSatisfy({ (1...ClassificationExperiment.Configuration.maximumLayerSize).contains($0) }),
              Array(sizes.dropFirst().dropLast()) == configuration.hiddenUnits else {
            throw fail("network sizes \(sizes) do not fit the configuration")
        }
        // Sizes are at most 2^20 and layers at most 64, so a network's synapse count fits easily; the stacked
        // arrays (trials × units × minibatch) need checked products.
        var synapses = 0
        for layer in 0..<(sizes.count - 1) { synapses += sizes[layer + 1] * (sizes[layer] + 1) }
        let codes = HistoryCoding(length: configuration.settings.historyLength).codeCount
        let batch = header.minibatchSize
        guard batch >= 1, batch <= configuration.batchSize else { throw fail("minibatch size \(batch) does not fit the configuration") }
        guard let stacked = MemoryBudget.bytes([[trials, sizes[1], batch]]), MemoryBudget.bytes([[trials, synapses, 8]]) != nil else {
            throw fail("its shapes (\(trials) trials of \(sizes), minibatch \(batch)) are too large")
        }
        return Shapes(sizes: sizes, synapses: synapses, codes: codes, tableSize: codes * codes * QTable.actionCount,
                      batch: batch, stacked: stacked)
    }

    /// The header's array list must be exactly the one the shapes give, and the bytes left exactly their size.
    private func checkArrays(_ shapes: Shapes, remaining: Int) throws {
        let (synapses, tableSize) = (shapes.synapses, shapes.tableSize)
        var expected: [CheckpointFile.ArrayEntry] = []
        for index in 0..<header.configuration.trials {
            expected += [.init(name: "weights.\(index)", type: "f32", count: synapses),
                         .init(name: "actionCodes.\(index)", type: "u8", count: synapses),
                         .init(name: "actions.\(index)", type: "u8", count: synapses),
                         .init(name: "table.\(index)", type: "f64", count: tableSize),
                         .init(name: "averageSums.\(index)", type: "f64", count: tableSize)]
        }
        expected += [.init(name: "losses", type: "f64", count: header.configuration.trials),
                     .init(name: "firstLayer.base", type: "f32", count: shapes.stacked),
                     .init(name: "firstLayer.counts", type: "i32", count: shapes.stacked)]
        if header.arrays.last?.name == "policy" { expected.append(.init(name: "policy", type: "f64", count: tableSize)) }
        guard header.arrays == expected else { throw fail("its arrays do not match the shapes its header describes") }
        let width = ["f32": 4, "f64": 8, "u8": 1, "i32": 4]
        let total = MemoryBudget.bytes(expected.map { [$0.count, width[$0.type]!] })
        guard let total, total == remaining else {
            throw fail("\(remaining) bytes of arrays where the header describes \(total.map(String.init) ?? "more than 2^63")")
        }
    }

    /// One trial's network, histories and tables, each checked (its loss is read after every trial's arrays).
    private func readTrial(_ trialHeader: CheckpointFile.TrialHeader, _ shapes: Shapes,
                           from reader: inout ByteReader) throws -> Checkpoint.Trial {
        let historyLength = header.configuration.settings.historyLength
        var network = try Network.classifier(sizes: shapes.sizes)
        network.weights = try reader.takeRaw(Float.self, count: shapes.synapses)
        guard network.weights.allSatisfy(\.isFinite) else { throw fail("a weight is not finite") }
        var state = SynapseState(synapseCount: shapes.synapses, historyLength: historyLength)
        state.actionCodes = try reader.takeRaw(UInt8.self, count: shapes.synapses)
        state.actions = try reader.takeRaw(UInt8.self, count: shapes.synapses)
        guard state.actionCodes.allSatisfy({ Int($0) < shapes.codes }), state.actions.allSatisfy({ $0 <= 2 }),
              Int(trialHeader.rewardCode) < shapes.codes else {
            throw fail("a history code is out of range")
        }
        state.rewardCode = trialHeader.rewardCode
        let table: QTable
        do {
            table = try QTable(historyLength: historyLength, values: try reader.takeRaw(Double.self, count: shapes.tableSize))
        } catch let error as SynapticRLError { throw fail(error.detail) }
        let sums = try reader.takeRaw(Double.self, count: shapes.tableSize)
        guard sums.allSatisfy(\.isFinite), (0...header.iteration).contains(trialHeader.averageSamples) else {
            throw fail("the running average table is not finite or counts implausible samples")
        }
        return Checkpoint.Trial(network: network, state: state, table: table,
                                average: QTableAverage(like: table, sums: sums, sampleCount: trialHeader.averageSamples),
                                loss: 0, tally: trialHeader.tally, metrics: trialHeader.metrics)
    }
}
