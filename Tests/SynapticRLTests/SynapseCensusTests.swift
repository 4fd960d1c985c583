import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// The run-time introspection: the census of a move worked out by hand, the paper kernels' census against the
/// general sweep's on the same run, hidden-unit activity, the silent-layer warning and the files' lines.
@Suite struct SynapseCensusTests {
    /// A 2-1-1 network: layer 0 is synapses 0 (bias), 1, 2; layer 1 is synapses 3 (bias), 4.
    func tinyNetwork() throws -> Network {
        var network = try Network(sizes: [2, 1, 1], activations: [.relu, .identity])
        network.weights = [0.5, 1.1, -2, 0.25, 0.9]
        return network
    }

    /// Actions (−, 0, +, +, 0) in states (4, 4, 7, 0, 4), step 0.1, biases ×0.5:
    ///   state 0: synapse 3 (+);  state 4: synapses 0 (−), 1 (0), 4 (0);  state 7: synapse 2 (+).
    ///   layer 0 |Δw|: bias 0.1·1·0.5 = 0.05, 0, 0.1 → mean 0.05;  layer 1: bias 0.05, 0 → mean 0.025.
    @Test func aTernaryMoveByHand() throws {
        let census = SynapseCensus(network: try tinyNetwork(), actions: [0, 1, 2, 2, 1], states: [4, 4, 7, 0, 4],
                                   actionSet: .ternary, step: 0.1, biasMultiplier: 0.5)
        #expect(census.visits == [.init(state: 0, actionCounts: [0, 0, 1]), .init(state: 4, actionCounts: [1, 2, 0]),
                                  .init(state: 7, actionCounts: [0, 0, 1])])
        #expect(census.visitShares == [0.2, 0.6, 0.2])
        #expect(census.layers.map(\.actionCounts) == [[1, 1, 1], [0, 1, 1]])
        #expect(census.layers.map(\.synapses) == [3, 2])
        #expect(abs(census.layers[0].meanAbsoluteChange - 0.05) < 1e-7)
        #expect(abs(census.layers[1].meanAbsoluteChange - 0.025) < 1e-7)
        #expect(census.layers[1].actionShares == [0, 0.5, 0.5])
    }

    /// Five levels (−2…+2): |Δw| = α_s·|c|; layer 0 moves by 2, 0, 1 steps of 0.1 (biases ×1): mean 0.1.
    @Test func fiveLevelStepsCountTheirLevel() throws {
        let census = SynapseCensus(network: try tinyNetwork(), actions: [0, 2, 3, 4, 2], states: nil,
                                   actionSet: .fiveLevel, step: 0.1, biasMultiplier: 1)
        #expect(census.visits == nil && census.visitShares.isEmpty)
        #expect(census.layers[0].actionCounts == [1, 0, 1, 1, 0])
        #expect(abs(census.layers[0].meanAbsoluteChange - 0.1) < 1e-6)
        #expect(abs(census.layers[1].meanAbsoluteChange - 0.1) < 1e-6)
    }

    /// Multiplicative: w_after = w_before·(1 + c·α_s), so |Δw| = |w_after / (1 + c·α_s) · c · α_s|.
    /// Layer 0 after (+, 0, −) at 0.1: 1.1 ← 1.0 (0.1), 0.5 stays, −2 ← −2.2222… (0.2222…); biases unaffected
    /// by the multiplier (the move is relative).
    @Test func multiplicativeMovesAreRelative() throws {
        var network = try tinyNetwork()
        network.weights = [1.1, 0.5, -2, 0.25, 0.9]
        let census = SynapseCensus(network: network, actions: [2, 1, 0, 1, 1], states: nil,
                                   actionSet: .multiplicative, step: 0.1, biasMultiplier: 3)
        let expected = (0.1 + 0 + 2.0 / 0.9 * 0.1) / 3
        #expect(abs(census.layers[0].meanAbsoluteChange - expected) < 1e-6)
        #expect(census.layers[1].meanAbsoluteChange == 0)
    }

    var smallShape: BoundaryTask.Shape {
        var shape = BoundaryTask.Shape()
        shape.pointCount = 200
        shape.hiddenUnits = 12
        return shape
    }

    /// The paper rule on its kernels (states from the codes kept at the move) and on the general sweep (states
    /// from its memory) take the same run, so their censuses agree exactly, at every report.
    @Test(arguments: [1, 2, 3])
    func thePaperKernelsCensusIsTheGeneralSweeps(history: Int) throws {
        var settings = SynapticSettings()
        settings.adaptive = true
        settings.historyLength = history
        settings.biasStepMultiplier = 2
        let rule = SynapticRule(settings: settings)
        let task = try BoundaryTask(seed: 5, shape: smallShape)
        let network = try task.makeLearner(seed: 5, weightRange: 0.5)
        let trainers = try [false, true].map { general in
            try SynapticTrainer(network: network, rule: rule, table: nil, threads: 1, seed: 5,
                                initialLoss: task.loss(of: network), generalSweep: general)
        }
        #expect(trainers[0].census().visits == nil && trainers[1].census().visits == nil, "before the first move")
        var checked = 0
        for iteration in 1...60 {
            let reports = iteration % 20 == 0
            for trainer in trainers {
                trainer.keepsChoiceCodesAtNextMove = reports
                try trainer.step(on: task)
            }
            let (paper, general) = (trainers[0].census(), trainers[1].census())
            #expect(paper.layers == general.layers)
            guard reports else {
                #expect(paper.visits == nil, "codes kept only when asked")
                continue
            }
            #expect(paper.visits != nil && paper.visits == general.visits)
            #expect(abs(paper.visitShares.reduce(0, +) - 1) < 1e-12)
            #expect(paper.visits!.allSatisfy { $0.state < trainers[1].stateSpace.stateCount })
            checked += 1
        }
        #expect(checked == 3)
        #expect(trainers[0].census().visits!.count > 1, "the run visits more than one state")
    }

    /// A general rule (five levels, weight sign, one table per layer) reports its memory's states.
    @Test func aGeneralRulesCensusReadsItsMemory() throws {
        var rule = SynapticRule()
        rule.actions = .fiveLevel
        rule.state = RuleStateFeatures(actionHistory: 1, rewardHistory: 1, weightSign: true, layerTables: true)
        let task = try BoundaryTask(seed: 2, shape: smallShape)
        let network = try task.makeLearner(seed: 2, weightRange: 0.5)
        let trainer = try SynapticTrainer(network: network, rule: rule, table: nil, threads: 1, seed: 2,
                                          initialLoss: task.loss(of: network))
        for _ in 0..<5 { try trainer.step(on: task) }
        let census = trainer.census()
        let memory = try #require(trainer.ruleMemory)
        let visits = try #require(census.visits)
        #expect(visits.reduce(0) { $0 + $1.synapses } == network.synapseCount)
        for visit in visits {
            let members = memory.states.indices.filter { Int(memory.states[$0]) == visit.state }
            #expect(members.count == visit.synapses)
            #expect((0..<5).map { a in members.filter { Int(memory.actions[$0]) == a }.count } == visit.actionCounts)
        }
        let layers = Set(visits.map { trainer.stateSpace.describe(state: $0.state).layer })
        #expect(layers == [0, 1], "one table per layer: both layers' states are visited")
    }

    /// Hidden unit 0 is dead (bias −1, no input weight), unit 1 follows its input; a tanh unit driven to ±1 by a
    /// huge weight is saturated on every sample, one with a small weight is not.
    @Test func hiddenActivityByHand() throws {
        var relu = try Network(sizes: [1, 2, 1], activations: [.relu, .identity])
        relu.weights = [-1, 0, 0, 1, 0, 1, 1]
        let batch = try Batch(features: 1, count: 3, values: [-1, 0.5, 2])
        #expect(try HiddenActivity.activeShares(of: relu, on: batch) == [0.5])
        relu.weights[2] = -5  // unit 1: x − 5 < 0 on every sample too
        #expect(try HiddenActivity.activeShares(of: relu, on: batch) == [0])

        var tanh = try Network(sizes: [1, 2, 1], activations: [.tanh, .identity])
        tanh.weights = [0, 100, 0, 0.1, 0, 1, 1]
        let signs = try Batch(features: 1, count: 2, values: [-1, 1])
        #expect(try HiddenActivity.activeShares(of: tanh, on: signs) == [0.5])
    }

    /// A network without hidden layers has no shares.
    @Test func noHiddenLayerNoShares() throws {
        let network = try Network(sizes: [1, 2], activations: [.identity])
        #expect(try HiddenActivity.activeShares(of: network, on: try Batch(features: 1, count: 1, values: [1])).isEmpty)
    }

    /// Warned when a layer falls silent, not while it stays so, and again after it revived and fell again.
    @Test func theSilentLayerWarningOncePerFall() {
        var watch = SilentLayerWatch()
        let sizes = [4, 8, 3, 2]
        let checks: [[Double]] = [[0.5, 1], [0, 1], [0, 1], [0.25, 0], [0, 0]]
        let lines = checks.enumerated().map { watch.check(activeShares: $1, iteration: $0 * 10, units: sizes) }
        #expect(lines.map(\.count) == [0, 1, 0, 1, 1])
        #expect(lines[1][0] == "warning: hidden layer 1 (8 units) fell silent at iteration 10: no unit is active on the "
                + "minibatch, so the layers after it see a constant")
        #expect(lines[3][0].hasPrefix("warning: hidden layer 2 (3 units) fell silent at iteration 30"))
        #expect(lines[4][0].hasPrefix("warning: hidden layer 1 (8 units) fell silent at iteration 40"))
    }

    /// The paper's states in words, and a rule with local features.
    @Test func statesInWords() {
        let paper = RuleStateSpace(rule: SynapticRule(), layers: 2)
        #expect(RunIntrospection.describe(0, in: paper, actionSet: .ternary) == "actions - - | rewards -1 -1")
        #expect(RunIntrospection.describe(40, in: paper, actionSet: .ternary) == "actions 0 0 | rewards 0 0")
        #expect(RunIntrospection.describe(80, in: paper, actionSet: .ternary) == "actions + + | rewards +1 +1")
        var rule = SynapticRule()
        rule.actions = .fiveLevel
        rule.state = RuleStateFeatures(actionHistory: 1, rewardHistory: 0, weightSign: true, synapseKind: true, layerTables: true)
        let space = RuleStateSpace(rule: rule, layers: 2)
        // ((layer 1 · 2 + bias 1) · 2 + sign w ≥ 0) · 5 + action 0 (−2) = 35
        #expect(RunIntrospection.describe(35, in: space, actionSet: .fiveLevel) == "layer 1 bias w>=0 | actions --")
        #expect(RunIntrospection.actionColumns(.fiveLevel)
                == "minus2_fraction,minus1_fraction,none_fraction,plus1_fraction,plus2_fraction")
        #expect(RunIntrospection.actionColumns(.multiplicative) == "decrement_fraction,none_fraction,increment_fraction")
    }

    /// A resumed run keeps the lines of its checkpoint's metrics rows (0 and 10 here; 15 was a stop's extra
    /// report, 20 came after the checkpoint), and rewrites the file whole.
    @Test func resumedLinesAreTheCheckpointsRows() throws {
        let url = try PolicyFileTests.temporaryFolder().appendingPathComponent("visits.csv")
        try Data("iteration,x\n0,a\n10,b\n10,c\n15,s\n20,d\n".utf8).write(to: url)
        let lines = CSVLines(url: url, header: "iteration,x", resumedRows: [0, 10])
        #expect(lines.lines == ["0,a", "10,b", "10,c"])
        try lines.append(["20,e"])
        #expect(try String(contentsOf: url, encoding: .utf8) == "iteration,x\n0,a\n10,b\n10,c\n20,e\n")
        #expect(CSVLines(url: url, header: "iteration,x", resumedRows: nil).lines.isEmpty, "a fresh run starts empty")
    }
}
