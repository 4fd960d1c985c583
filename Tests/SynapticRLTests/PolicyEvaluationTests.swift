import Foundation
import Testing
@testable import SynapticRL
@testable import SynapticRLExperiments

/// `synrl evaluate-policies`: policies applied frozen to held-out tasks, on settings small enough for seconds
/// (boundaries of 200 points and 10 hidden units, the 120-image fixture, 2 seeds).
@Suite struct PolicyEvaluationTests {
    /// A policy file in `folder`: the authors' table, its values negated where `negated` (every greedy action then
    /// changes, so its runs must differ from the authors').
    static func policyFile(in folder: URL, name: String, negated: Bool) throws -> URL {
        let authors = try PolicyFile.authorsGolden().table
        let table = negated ? try QTable(historyLength: authors.historyLength, values: authors.values.map { -$0 }) : authors
        let url = folder.appendingPathComponent("\(name).json")
        try PolicyFile(name: name, description: "a test's table", table: table).save(to: url)
        return url
    }

    /// Two boundaries of 150 iterations, ocr and hidden on the fixture with 2 seeds of 60 iterations (minibatches of
    /// 40 redrawn every 30, step 2e-3 as `SmallRuns`), one thread.
    static func settings(_ arguments: [String], tasks: [PolicyEvaluation.Task] = PolicyEvaluation.Task.allCases,
                         boundaryIterations: Int = 150) throws -> PolicyEvaluation.Settings {
        var settings = try PolicyEvaluation.Settings(
            others: try arguments.map(PolicyEvaluation.Policy.parse), tasks: tasks, seeds: 2, firstBoundary: 101, boundaries: 2,
            boundaryIterations: boundaryIterations, ocrIterations: 60, hiddenIterations: 60)
        settings.boundaryShape.pointCount = 200
        settings.boundaryShape.hiddenUnits = 10
        settings.ocr.batchSize = 40
        settings.ocr.resampleEvery = 30
        settings.ocr.evaluateEvery = 30
        settings.ocr.settings.step = 2e-3
        settings.threads = 1
        return settings
    }

    /// A fresh evaluation of `settings` into a new folder.
    static func evaluate(_ settings: PolicyEvaluation.Settings, folder: URL? = nil, resume: Bool = false,
                         log: @escaping (String) -> Void = { _ in }) throws -> (PolicyEvaluation.Outcome, URL) {
        let folder = try folder ?? PolicyFileTests.temporaryFolder().appendingPathComponent("evaluation")
        try PolicyEvaluation.claim(folder, resume: resume)
        let data = settings.needsData ? try SmallRuns.data() : nil
        return (try PolicyEvaluation.run(settings, data: data, folder: folder, resume: resume, log: log), folder)
    }

    /// A row without its seconds, which differ between identical runs.
    static func result(_ row: PolicyEvaluation.Row) -> String {
        "\(row.task) \(row.seed) \(row.iterations) \(row.accuracy) \(row.loss) \(String(describing: row.iterationsTo95)) \(String(describing: row.liveHiddenLayer))"
    }

    @Test func theTableHasARowPerPolicyAndALinePerBoundaryOrSeed() throws {
        let files = try PolicyFileTests.temporaryFolder()
        let negated = try Self.policyFile(in: files, name: "negated", negated: true)
        let (outcome, folder) = try Self.evaluate(try Self.settings(["negated=\(negated.path)"]))
        // Every run finished, with its policy's digest in its configuration.json (or its rows would be missing).
        #expect(outcome.rows.count == 2 * (2 + 2 + 2))
        #expect(!outcome.interrupted)
        let table = outcome.markdown.split(separator: "\n").filter { $0.hasPrefix("| ") }
        #expect(table.count == 3, "a header and a row per policy: \(outcome.markdown)")
        #expect(table[1].hasPrefix("| authors | ") && table[2].hasPrefix("| negated | "))
        #expect(table[0].split(separator: "|").count == 6, "policy, two boundary columns, ocr, two hidden columns")
        #expect(table[1].contains("/2]") && table[1].hasSuffix("/2 |"), "counts of 2 boundaries and 2 seeds: \(table[1])")
        let csv = try String(contentsOf: folder.appendingPathComponent("evaluation.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 1 + 12)
        #expect(csv.filter { $0.hasPrefix("negated,hidden,") }.allSatisfy { $0.contains(",true,") || $0.contains(",false,") })
        let record = try JSONDecoder().decode(PolicyEvaluation.Record.self, from: Data(contentsOf: folder.appendingPathComponent("evaluation.json")))
        #expect(record.rows == outcome.rows && record.cells.count == 2 * 3)
        #expect(record.settings.policies.map(\.source.sha256) == [try PolicySource.authorsGolden().source.sha256,
                                                                  FileDigest.sha256Hex(of: try Data(contentsOf: negated))])
        #expect(record.cells.first { $0.task == .ocr }?.count == 2)
        for name in ["boundary/negated-boundary102", "ocr/authors-seed1-2/trial-2", "hidden/negated-seed1-2/trial-1"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("runs/\(name)/summary.json").path), "\(name)")
        }
    }

    @Test func aPolicysRunsApplyItsTable() throws {
        let files = try PolicyFileTests.temporaryFolder()
        let copy = try Self.policyFile(in: files, name: "copy", negated: false)
        let negated = try Self.policyFile(in: files, name: "negated", negated: true)
        let (outcome, _) = try Self.evaluate(try Self.settings(["copy=\(copy.path)", "negated=\(negated.path)"]))
        let results = { (policy: String) in outcome.rows.filter { $0.policy == policy }.map(Self.result) }
        #expect(results("authors").count == 6)
        #expect(results("copy") == results("authors"), "the same table under another name runs the same")
        for task in PolicyEvaluation.Task.allCases {
            let rows = { (policy: String) in outcome.rows.filter { $0.policy == policy && $0.task == task }.map(Self.result) }
            #expect(rows("negated") != rows("authors"), "\(task): another table, other moves")
        }
    }

    @Test func resumeAfterARemovedSummaryRerunsOnlyThatRun() throws {
        let settings = try Self.settings([], tasks: [.boundary, .ocr])
        let (first, folder) = try Self.evaluate(settings)
        let runs = folder.appendingPathComponent("runs")
        let kept = ["boundary/authors-boundary101", "ocr/authors-seed1-2/trial-1", "ocr/authors-seed1-2/trial-2"]
        let before = try kept.map { try Data(contentsOf: runs.appendingPathComponent("\($0)/summary.json")) }
        let removed = runs.appendingPathComponent("boundary/authors-boundary102/summary.json")
        try FileManager.default.removeItem(at: removed)
        var lines: [String] = []
        let (second, _) = try Self.evaluate(settings, folder: folder, resume: true, log: { lines.append($0) })
        #expect(lines.filter { $0.hasSuffix(": finished earlier, kept") }.count == 2, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("[2/3] boundary authors boundary 102") && !$0.hasSuffix("kept") })
        #expect(FileManager.default.fileExists(atPath: removed.path))
        // The kept runs' summaries are the very files (their seconds would differ had they run again).
        #expect(try kept.map { try Data(contentsOf: runs.appendingPathComponent("\($0)/summary.json")) } == before)
        #expect(second.rows.map(Self.result) == first.rows.map(Self.result))
    }

    @Test func anExistingFolderIsRefusedWithoutResumeAndOtherSettingsWithIt() throws {
        let files = try PolicyFileTests.temporaryFolder()
        let policy = try Self.policyFile(in: files, name: "mine", negated: false)
        let settings = try Self.settings(["mine=\(policy.path)"], tasks: [.boundary])
        let (_, folder) = try Self.evaluate(settings)
        #expect { try PolicyEvaluation.claim(folder, resume: false) } throws: { error in
            "\(error)".contains("already holds files") && "\(error)".contains("--resume")
        }
        let longer = try Self.settings(["mine=\(policy.path)"], tasks: [.boundary], boundaryIterations: 160)
        #expect { try Self.evaluate(longer, folder: folder, resume: true) } throws: { "\($0)".contains("other settings") }
        // The same name and path, other contents: its digest differs, so the runs of the old table are not its.
        _ = try Self.policyFile(in: files, name: "mine", negated: true)
        let changed = try Self.settings(["mine=\(policy.path)"], tasks: [.boundary])
        #expect { try Self.evaluate(changed, folder: folder, resume: true) } throws: { "\($0)".contains("other settings") }
    }

    @Test func badPolicyArgumentsAreOneLineErrors() throws {
        let files = try PolicyFileTests.temporaryFolder()
        let good = try Self.policyFile(in: files, name: "good", negated: false)
        let garbled = files.appendingPathComponent("garbled.json")
        try Data("{\"format\": \"synaptic-rl-policy\"".utf8).write(to: garbled)
        let output = files.appendingPathComponent("out")
        let cases: [([String], String)] = [
            (["noequals"], "--policy takes NAME=FILE"),
            (["=\(good.path)"], "--policy takes NAME=FILE"),
            (["a/b=\(good.path)"], "'a/b' is not a name fit for a folder"),
            ([".hidden=\(good.path)"], "'.hidden' is not a name fit for a folder"),
            (["authors=\(good.path)"], "the name 'authors' is taken"),
            (["x=\(good.path)", "x=\(good.path)"], "the name 'x' is given twice"),
            (["x=\(files.appendingPathComponent("missing.json").path)"], "--policy x: "),
            (["x=\(garbled.path)"], "--policy x: "),
        ]
        for (policies, text) in cases {
            let run = try SynrlProcess.run(["evaluate-policies"] + policies.flatMap { ["--policy", $0] } + ["--out", output.path])
            #expect(run.status != 0, "\(policies)")
            #expect(run.errors.split(separator: "\n").count == 1 && run.errors.hasPrefix("Error: ") && run.errors.contains(text),
                    "\(policies): \(run.errors)")
            #expect(!FileManager.default.fileExists(atPath: output.path), "\(policies): a refused evaluation left its folder")
        }
    }

    @Test func theCommandRefusesToOverwriteAndResumes() throws {
        let data = try IDXTests.writeFixture(count: 120, rows: 5, columns: 7, classes: 3)
        let output = try PolicyFileTests.temporaryFolder().appendingPathComponent("evaluation")
        let arguments = ["evaluate-policies", "--tasks", "ocr", "--data", data.path, "--seeds", "2", "--ocr-iterations", "20",
                         "--out", output.path, "--threads", "1"]
        let first = try SynrlProcess.run(arguments + ["--quiet"])
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.contains("| authors | ") && first.errors.isEmpty, "\(first.output)\(first.errors)")
        let again = try SynrlProcess.run(arguments)
        #expect(again.status != 0 && again.errors.split(separator: "\n").count == 1 && again.errors.contains("--resume"), "\(again.errors)")
        let resumed = try SynrlProcess.run(arguments + ["--resume"])
        #expect(resumed.status == 0 && resumed.errors.contains("[1/1] ocr authors seeds 1…2 stacked: 20 iterations: finished earlier, kept"),
                "\(resumed.errors)")
        #expect(resumed.output == first.output)
    }
}
