// Three clusters in the plane, learned by synaptic RL through the library's public API only: an in-memory data
// set, a loss of our own, ε annealed over the run, a step schedule, a reward rule of our own, an observer that
// prints progress, and the weights and the learned policy saved. It exits non-zero when training made no real
// progress, so `make test`, which runs it, checks the API still trains, not only that it compiles.
//
//     make example, or: swift run --package-path Examples ThreeClusters [OUTPUT-FOLDER]   (default runs/three-clusters)
import Foundation
import SynapticRL
import SynapticRLExperiments

// MARK: - The data: three Gaussian clusters, in memory

/// `perClass` points around each of three centres. The forward pass wants samples features-major, so `inputs` is
/// (2, count) with `values[feature · count + sample]`; `labels[sample]` is the class, 0...2.
func makeClusters(perClass: Int, seed: UInt64) throws -> (inputs: Batch, labels: [Int]) {
    let centres: [(x: Float, y: Float)] = [(-2, 0), (1, 1.7), (1, -1.7)]
    let count = 3 * perClass
    // The library's counter-based generator: the same seed gives the same points on every machine.
    var draws = CounterStream(seed: seed, stream: .user)
    var values = [Float](repeating: 0, count: 2 * count)
    var labels = [Int](repeating: 0, count: count)
    for sample in 0..<count {
        let label = sample % 3
        labels[sample] = label
        values[sample] = centres[label].x + 1.0 * draws.standardNormal()
        values[count + sample] = centres[label].y + 1.0 * draws.standardNormal()
    }
    return (try Batch(features: 2, count: count, values: values), labels)
}

// MARK: - The objective: a loss of our own on that data

/// All the trainer asks of a task is a loss of the network's current weights (`Objective`). This one is the Brier
/// score, the mean over samples of Σ_c (softmax(z)_c − [c = label])², which lies in [0, 2]: one bad move cannot
/// make it explode, as the cross-entropy of a confidently wrong network does.
final class ClusterObjective: Objective {
    let inputs: Batch
    let labels: [Int]
    let classes: Int
    /// Made once for this batch and network shape, so that an evaluation allocates nothing.
    private let pass: ForwardPass

    init(inputs: Batch, labels: [Int], sizes: [Int]) {
        (self.inputs, self.labels, classes) = (inputs, labels, sizes.last!)
        pass = ForwardPass(sizes: sizes, batchSize: inputs.count)
    }

    func loss(of network: Network) throws -> Double {
        try pass.run(network, on: inputs)  // throws, rather than traps, on a network of another shape
        return pass.withOutput { logits in  // (classes, count), features-major
            let count = inputs.count
            var total = 0.0
            for sample in 0..<count {
                func logit(_ c: Int) -> Double { Double(logits[c * count + sample]) }
                var largest = logit(0)
                for c in 1..<classes { largest = max(largest, logit(c)) }
                var sum = 0.0
                for c in 0..<classes { sum += exp(logit(c) - largest) }  // shifted by the largest: exp cannot overflow
                for c in 0..<classes {
                    let residual = exp(logit(c) - largest) / sum - (c == labels[sample] ? 1 : 0)
                    total += residual * residual
                }
            }
            return total / Double(count)  // a NaN output makes this NaN, and the trainer stops with an error
        }
    }

    /// The share of points whose largest output is their class. It evaluates afresh, like `loss`, so calling it
    /// between iterations changes nothing the trainer sees.
    func accuracy(of network: Network) throws -> Double {
        try pass.run(network, on: inputs)
        return pass.withOutput { logits in
            let count = inputs.count
            var correct = 0
            for sample in 0..<count {
                var best = 0
                for c in 1..<classes where logits[c * count + sample] > logits[best * count + sample] { best = c }
                if best == labels[sample] { correct += 1 }
            }
            return Double(correct) / Double(count)
        }
    }
}

// MARK: - Files

/// The one use of the run-files part of the library (`WeightsFile`: magic, shape, Float32 weights, CRC-32).
func saveWeights(_ network: Network, to url: URL) throws {
    try WeightsFile.save(network, to: url)
}

/// The policy worth keeping from an adaptive run: the table averaged over the run, then averaged with its − ↔ +
/// mirror image. This is what `synrl` exports by default, because the last table chases the last few rewards and
/// carries accidental sign asymmetries, and transfers to new tasks far worse when applied frozen.
func savePolicy(of trainer: SynapticTrainer, to url: URL, provenance: [String: String]) throws {
    let table = (trainer.averageTable.mean ?? trainer.table).mirrorSymmetrized()
    let file = PolicyFile(name: "three-clusters", description: "Learned on three Gaussian clusters (Examples/ThreeClusters).",
                          table: table, provenance: provenance)
    try file.save(to: url)
    // Read back as any user of the policy would: the file round-trips exactly.
    guard try PolicyFile.load(from: url).table == table else { throw SynapticRLError.io("\(url.path) did not read back") }
}

// MARK: - The run

/// Trains, prints progress, saves; returns whether training made real progress.
func run(output: URL) throws -> Bool {
    let seed: UInt64 = 7
    let iterations = 2000
    let data = try makeClusters(perClass: 100, seed: seed)

    // 2 inputs, 16 tanh hidden units, 3 linear outputs (the loss applies the softmax).
    var network = try Network(sizes: [2, 16, 3], activations: [.tanh, .identity])
    var initialWeights = CounterStream(seed: seed, stream: .initialWeights)
    network.initialize(weightRange: 0.5, using: &initialWeights)  // U[−0.5, 0.5), biases 0
    let objective = ClusterObjective(inputs: data.inputs, labels: data.labels, sizes: network.sizes)

    var settings = SynapticSettings()  // the paper's defaults: ε 0.25, α_q 0.01, γ 0.9, n = 2, adaptive
    settings.step = 0.01  // larger than the paper's 0.001: a few seconds of training, not minutes
    // Adaptive from an all-zero table, as the paper's 2-D task: the rule learns its own policy here.
    let trainer = try SynapticTrainer(network: network, table: QTable(historyLength: settings.historyLength),
                                      settings: settings, seed: seed, objective: objective)

    // A reward rule of our own: a fall of at most 1e-6 counts as no fall. The paper's rule, the default, rewards
    // any strict fall (`.strictDecrease`).
    trainer.rewardRule = RewardRule(name: "fell by more than 1e-6") { previous, new in new < previous - 1e-6 }

    let initialLoss = trainer.loss
    let initialAccuracy = try objective.accuracy(of: trainer.network)
    print("three clusters, 300 points, network 2-16-3, \(network.synapseCount) synapses, seed \(seed)")
    print(String(format: "start      loss %.4f  accuracy %5.1f%%", initialLoss, 100 * initialAccuracy))

    // The observer hears every iteration (after its Q update); this one prints every 500th. It holds the trainer
    // unowned: the trainer holds the observer.
    var rewarded = 0
    trainer.observer = { [unowned trainer] report in
        if report.reward > 0 { rewarded += 1 }
        guard report.iteration % 500 == 0 else { return }
        let accuracy = (try? objective.accuracy(of: trainer.network)) ?? .nan
        let shares = report.actionShares
        print(String(format: "%5d      loss %.4f  accuracy %5.1f%%  rewarded %4.1f%%  actions −/0/+ %.2f/%.2f/%.2f  ε %.3f  step %.4f",
                     report.iteration, report.loss, 100 * accuracy, 100 * Double(rewarded) / 500,
                     shares[0], shares[1], shares[2], report.epsilon, report.step))
        rewarded = 0
    }

    // Halve the step for the last quarter: finer moves once the boundaries are roughly in place.
    let schedule = try StepSchedule(parsing: "1500:0.5")
    let start = Date()
    for _ in 0..<iterations {
        // trainer.iteration counts the iterations done, so the coming one is trainer.iteration + 1.
        let done = Double(trainer.iteration) / Double(iterations)
        try trainer.setEpsilon(0.25 - 0.2 * done)  // explore early, exploit late: ε from 0.25 down to 0.05
        try trainer.setStepSize(schedule.step(base: settings.step, at: trainer.iteration + 1))
        try trainer.step(on: objective)
    }
    let seconds = Date().timeIntervalSince(start)
    let finalAccuracy = try objective.accuracy(of: trainer.network)
    print(String(format: "end        loss %.4f  accuracy %5.1f%%  (%d iterations in %.1f s)",
                 trainer.loss, 100 * finalAccuracy, iterations, seconds))

    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    try saveWeights(trainer.network, to: output.appendingPathComponent("weights.bin"))
    try savePolicy(of: trainer, to: output.appendingPathComponent("policy.json"),
                   provenance: ["seed": "\(seed)", "iterations": "\(iterations)", "rewardRule": trainer.rewardRule.name])
    print("weights.bin and policy.json in \(output.path)")

    // Chance is 33% and the clusters overlap: this seed ends near 94%, and a run that learned nothing stays far below.
    return finalAccuracy >= 0.85 && trainer.loss < 0.3 * initialLoss
}

let output = URL(fileURLWithPath: CommandLine.arguments.dropFirst().first ?? "runs/three-clusters")
do {
    guard try run(output: output) else {
        FileHandle.standardError.write(Data("Error: training made no real progress (see the numbers above)\n".utf8))
        exit(1)
    }
} catch {
    FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
    exit(1)
}
