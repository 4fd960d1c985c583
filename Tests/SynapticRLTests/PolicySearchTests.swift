import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// `synrl evolve`: the fitness, the search space, the generation's evaluation (threads, processes, stacked OCR
/// trials), and the search's run folder, stop, resume and kill -9.
@Suite struct PolicySearchTests {
    /// A search small enough for a test: boundaries of 200 points and 8 hidden units, 40 iterations each.
    static func configuration(generations: Int = 3, population: Int = 4) -> PolicySearch.Configuration {
        var configuration = PolicySearch.Configuration()
        configuration.generations = generations
        configuration.populationSize = population
        configuration.tasks.boundaries = 2
        configuration.tasks.boundaryIterations = 40
        configuration.tasks.boundaryShape.pointCount = 200
        configuration.tasks.boundaryShape.hiddenUnits = 8
        return configuration
    }

    @Test func trainingProgressIsTheMeanLossRatio() throws {
        var progress = try TrainingProgress(initialLoss: 2)
        #expect(progress.normalisedArea == 1)
        for loss in [2.0, 1.0, 0.0, 1.0] { progress.add(loss: loss) }
        #expect(progress.normalisedArea == (1 + 0.5 + 0 + 0.5) / 4)
        for bad in [0.0, -1, .nan, .infinity] { #expect(throws: SynapticRLError.self) { try TrainingProgress(initialLoss: bad) } }
    }

    @Test func taskSeedsAreFreshEachGenerationAndNeverAHeldOutBoundary() {
        var seen = Set<UInt64>()
        for generation in 1...50 {
            for index in 0..<8 {
                let seed = SearchTaskDistribution.taskSeed(searchSeed: 3, generation: generation, index: index)
                #expect(seed >= 1 << 32 && seed < 1 << 33)
                seen.insert(seed)
            }
        }
        #expect(seen.count == 400)
        #expect(SearchTaskDistribution.taskSeed(searchSeed: 3, generation: 7, index: 2)
                == SearchTaskDistribution.taskSeed(searchSeed: 3, generation: 7, index: 2))
        #expect(SearchTaskDistribution.taskSeed(searchSeed: 3, generation: 7, index: 2)
                != SearchTaskDistribution.taskSeed(searchSeed: 4, generation: 7, index: 2))
        let subset = SearchTaskDistribution.subsetIndices(count: 30, of: 50, seed: 9)
        #expect(Set(subset).count == 30 && subset.allSatisfy { (0..<50).contains($0) })
        #expect(SearchTaskDistribution.subsetIndices(count: 30, of: 50, seed: 10) != subset)
    }

    /// The authors' table, centred and scaled, keeps every state's greedy action; ε and the step factor decode
    /// from their logit and log coordinates.
    @Test func theSearchSpaceStartsAtTheAuthorsGreedyMap() throws {
        var space = PolicySearchSpace()
        let authors = try PolicyFile.authorsGolden().table
        let start = try space.decode(space.initialMean())
        #expect((0..<authors.stateCount).allSatisfy { start.table.greedyAction(state: $0) == authors.greedyAction(state: $0) })
        let values = start.table.values
        #expect(abs(values.reduce(0) { $0 + $1 * $1 } / Double(values.count) - 1) < 1e-12)
        #expect(start.epsilon == nil && start.stepFactor == nil && space.dimension == 243)
        space.searchesEpsilon = true
        space.searchesStep = true
        space.start = .zeros
        var point = try space.initialMean()
        #expect(point == [Double](repeating: 0, count: 245))
        (point[243], point[244]) = (0, log(2))
        let candidate = try space.decode(point)
        #expect(candidate.epsilon == 0.5 && abs(candidate.stepFactor! - 2) < 1e-12)
        let rule = space.rule(for: candidate, settings: SynapticSettings())
        #expect(rule.epsilon.initialValue == 0.5 && rule.step.initialValue == Float(0.001 * candidate.stepFactor!) && !rule.learning.learns)
        #expect(throws: SynapticRLError.self) { try space.decode([1, 2]) }
        point[5] = .nan
        #expect(throws: SynapticRLError.self) { try space.decode(point) }
    }

    static func points(_ configuration: PolicySearch.Configuration) throws -> [[Double]] {
        try PolicySearch.start(configuration).optimizer.candidates()
    }

    /// The same bits on 1 and 2 threads, and when three processes each run their share and add up.
    @Test func aGenerationScoresTheSameOnAnyThreadAndProcessCount() throws {
        var configuration = Self.configuration(population: 5)
        configuration.tasks.boundaries = 3
        let points = try Self.points(configuration)
        func evaluate(threads: Int, rank: Int = 0, size: Int = 1) throws -> [Double] {
            let evaluation = GenerationEvaluation(tasks: configuration.tasks, space: configuration.space, threads: threads,
                                                  share: .init(rank: rank, size: size, sum: { $0 }), ocrPool: nil)
            return try evaluation.evaluate(points.map(configuration.space.decode), generation: 1, searchSeed: 1).perTask
        }
        let alone = try evaluate(threads: 1)
        #expect(alone.count == 15 && alone.allSatisfy { $0.isFinite && $0 > 0 })
        #expect(Set(alone).count > 5, "the candidates' tables made no difference")
        #expect(try evaluate(threads: 2).map(\.bitPattern) == alone.map(\.bitPattern))
        let shares = try (0..<3).map { try evaluate(threads: 1, rank: $0, size: 3) }
        let summed = alone.indices.map { index in shares.reduce(0) { $0 + $1[index] } }
        #expect(summed.map(\.bitPattern) == alone.map(\.bitPattern))
        #expect(shares.allSatisfy { share in share.filter { $0 != 0 }.count == 5 })
    }

    /// An OCR task's candidates run as stacked trials: each candidate scores as it does alone, and the same bits on
    /// 1 and 2 threads. The stacked first layer tiles its GEMM differently, so the Float losses may differ in their
    /// last bits (measured: 6–9e-9 of the area); the same actions and rewards keep it there, where one flipped
    /// reward would send the runs apart by orders of magnitude more than 1e-6.
    @Test func ocrCandidatesStackedScoreAsAlone() throws {
        let data = try IDXTests.writeFixture(count: 150, rows: 5, columns: 7, classes: 3)
        var configuration = Self.configuration(population: 3)
        configuration.tasks.boundaries = 0
        configuration.tasks.ocrTasks = 1
        configuration.tasks.ocrImages = 100
        configuration.tasks.ocrIterations = 60
        let loaded = try DataSource.load(path: data.path)
        let pool = loaded.test ?? loaded.train
        let points = try Self.points(configuration)
        func evaluate(_ points: [[Double]], threads: Int) throws -> [Double] {
            try GenerationEvaluation(tasks: configuration.tasks, space: configuration.space, threads: threads, share: .alone,
                                     ocrPool: pool).evaluate(points.map(configuration.space.decode), generation: 1, searchSeed: 1).fitness
        }
        let stacked = try evaluate(points, threads: 1)
        #expect(try evaluate(points, threads: 2).map(\.bitPattern) == stacked.map(\.bitPattern))
        for (index, point) in points.enumerated() {
            let alone = try evaluate([point], threads: 1)[0]
            #expect(abs(alone - stacked[index]) <= 1e-6 * stacked[index], "candidate \(index)")
        }
        #expect(stacked.allSatisfy { $0.isFinite && $0 > 0 })
    }

    static func comparableFiles(_ folder: URL) throws -> [String: String] {
        var files: [String: String] = [:]
        for name in ["generations.csv", "best-policy.json", "mean-policy.json", "summary.json"] {
            var text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            if name == "generations.csv" {  // the clock column aside
                text = text.split(separator: "\n").map { $0.split(separator: ",").dropLast().joined(separator: ",") }.joined(separator: "\n")
            }
            if name == "summary.json" {
                let summary = try JSONDecoder().decode(PolicySearch.Summary.self, from: Data(text.utf8))
                text = "\(summary.bestFitness.bitPattern) \(summary.generations) \(summary.evaluations) \(summary.bestGeneration)"
            }
            files[name] = text
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("policies").path) {
            files["policies/" + name] = try String(contentsOf: folder.appendingPathComponent("policies/\(name)"), encoding: .utf8)
        }
        return files
    }

    /// Stopped after generation 2 and resumed, a search writes the files of one left alone, and its state is
    /// the same bits (the clock aside).
    @Test func aStoppedAndResumedSearchEndsAsOneLeftAlone() throws {
        let configuration = Self.configuration(generations: 4)
        let root = try PolicyFileTests.temporaryFolder()
        let (alone, twice) = (root.appendingPathComponent("alone"), root.appendingPathComponent("twice"))
        for folder in [alone, twice] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        let straight = try PolicySearch.run(PolicySearch.start(configuration), data: nil, folder: alone)
        let stopped = try PolicySearch.run(PolicySearch.start(configuration), data: nil, folder: twice, shouldStop: SmallRuns.stopper(at: 2))
        #expect(stopped.summary.interrupted && stopped.state.completedGenerations == 2)
        let saved = try PolicySearchCheckpoint.load(from: twice)
        #expect(saved.optimizer == stopped.state.optimizer && saved.rows == stopped.state.rows)
        let resumed = try PolicySearch.run(saved, data: nil, folder: twice)
        #expect(!resumed.summary.interrupted && resumed.state.completedGenerations == 4)
        #expect(resumed.state.optimizer == straight.state.optimizer && resumed.state.rows.map(\.bestFitness) == straight.state.rows.map(\.bestFitness))
        #expect(try Self.comparableFiles(twice) == Self.comparableFiles(alone))
        let policies = try FileManager.default.contentsOfDirectory(atPath: alone.appendingPathComponent("policies").path).sorted()
        #expect(policies == (1...4).map(PolicySearch.policyName))
        let best = try PolicyFile.load(from: alone.appendingPathComponent("best-policy.json"))
        #expect(best.provenance["searchSeed"] == "1" && best.provenance["generation"] == "\(straight.state.best!.generation)")
        #expect(straight.state.rows.map(\.evaluations) == [4, 8, 12, 16])
        #expect(straight.state.rows.allSatisfy { $0.bestFitness <= $0.meanFitness && $0.meanFitness <= $0.worstFitness })
        // The yardstick is the authors' table on the generation's tasks: generation 1 samples around it.
        #expect(straight.state.rows.allSatisfy { $0.authorsFitness.isFinite && $0.authorsFitness > 0 })
        #expect(Set(straight.state.rows.map(\.authorsFitness)).count == 4, "each generation's tasks are its own")
    }

    @Test func aDamagedCheckpointIsOneLineNotATrap() throws {
        let folder = try PolicyFileTests.temporaryFolder()
        _ = try PolicySearch.run(PolicySearch.start(Self.configuration(generations: 1)), data: nil, folder: folder)
        let url = folder.appendingPathComponent(PolicySearchCheckpoint.fileName)
        let good = try Data(contentsOf: url)
        let text = String(decoding: good, as: UTF8.self)
        let damaged: [Data] = [good.prefix(good.count / 2), Data("[]".utf8), Data(),
                               Data(text.replacingOccurrences(of: "synrl-evolve-checkpoint", with: "other").utf8),
                               Data(text.replacingOccurrences(of: "\"generations\":1", with: "\"generations\":0").utf8),
                               Data(text.replacingOccurrences(of: "\"generation\":1", with: "\"generation\":7").utf8)]
        for (index, bytes) in damaged.enumerated() {
            try bytes.write(to: url)
            #expect(throws: SynapticRLError.self, "damage \(index)") { try PolicySearchCheckpoint.load(from: folder) }
        }
        try FileManager.default.removeItem(at: url)
        #expect(throws: SynapticRLError.self) { try PolicySearchCheckpoint.load(from: folder) }
    }

    /// The command killed (SIGKILL) after generation 2, then resumed with --resume, ends with the files of a search
    /// left alone; a second search into the same folder is refused, and so is --resume with other flags.
    @Test func theCommandKilledAndResumedEndsAsTheSearchLeftAlone() throws {
        let root = try PolicyFileTests.temporaryFolder()
        let common = ["evolve", "--generations", "4", "--population", "4", "--boundaries", "2", "--boundary-iterations", "40",
                      "--points", "200", "--quiet"]
        let (alone, killed) = (root.appendingPathComponent("alone"), root.appendingPathComponent("killed"))
        #expect(try CheckpointTests.synrl(common + ["--out", alone.path]).status == 0)
        let kill = try CheckpointTests.synrl(common + ["--out", killed.path], environment: ["SYNRL_KILL_AT_ITERATION": "2"])
        #expect(kill.signalled && kill.status == SIGKILL)
        #expect(try PolicySearchCheckpoint.load(from: killed).completedGenerations == 2)
        let refused = try SynrlProcess.run(common + ["--out", killed.path])
        #expect(refused.status != 0 && refused.errors.contains("already holds a run"))
        let otherFlags = try SynrlProcess.run(common + ["--out", killed.path, "--resume", "--sigma", "0.7"])
        #expect(otherFlags.status != 0 && otherFlags.errors.contains("differ from the search's own"))
        #expect(try CheckpointTests.synrl(common + ["--out", killed.path, "--resume", "--threads", "2"]).status == 0)
        #expect(try Self.comparableFiles(killed) == Self.comparableFiles(alone))
    }
}
