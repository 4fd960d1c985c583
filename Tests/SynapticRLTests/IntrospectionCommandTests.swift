import Foundation
import Testing
@testable import SynapticRL
@testable import SynapticRLExperiments

/// visits.csv and layers.csv as a user's run writes them, and the silent-layer warning on standard error.
@Suite struct IntrospectionCommandTests {
    /// The rows of a CSV file of `folder`, as columns by header name.
    func table(_ folder: URL, _ name: String) throws -> [[String: String]] {
        let lines = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        return lines.dropFirst().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(fields.count == header.count, "\(name): \(line)")
            return Dictionary(uniqueKeysWithValues: zip(header, fields))
        }
    }

    /// Per report, the visited states' shares sum to 1, and so do the action shares of each state and layer.
    func checkIntrospection(_ folder: URL, reports: [Int], layers: Int, hiddenLayers: Int) throws {
        let visits = try table(folder, "visits.csv")
        let byIteration = Dictionary(grouping: visits) { Int($0["iteration"]!)! }
        #expect(byIteration.keys.sorted() == reports.filter { $0 > 0 }, "visits from the first report on")
        for (iteration, rows) in byIteration {
            let total = rows.reduce(0.0) { $0 + Double($1["synapse_fraction"]!)! }
            #expect(abs(total - 1) < 1e-4, "iteration \(iteration): the shares sum to \(total)")
            for row in rows {
                let actions = ["decrement_fraction", "none_fraction", "increment_fraction"].map { Double(row[$0]!)! }
                #expect(abs(actions.reduce(0, +) - 1) < 1e-4)
                #expect(row["description"]!.contains("actions"))
            }
        }
        let layerRows = try table(folder, "layers.csv")
        #expect(layerRows.count == reports.count * layers)
        for row in layerRows {
            let actions = ["decrement_fraction", "none_fraction", "increment_fraction"].map { Double(row[$0]!)! }
            #expect(abs(actions.reduce(0, +) - 1) < 1e-4)
            #expect(Double(row["mean_abs_dw"]!)! >= 0)
            let isHidden = Int(row["layer"]!)! < hiddenLayers
            #expect(isHidden ? Double(row["active_fraction"]!) != nil : row["active_fraction"] == "")
        }
    }

    @Test func aBoundaryRunWritesItsIntrospection() throws {
        let out = try PolicyFileTests.temporaryFolder().appendingPathComponent("run")
        let run = try SynrlProcess.run(["boundary", "--iterations", "300", "--points", "200", "--hidden", "8", "--quiet",
                                        "--progress-every", "100", "--out", out.path])
        #expect(run.status == 0, "\(run.errors)")
        try checkIntrospection(out, reports: [0, 100, 200, 300], layers: 2, hiddenLayers: 1)
    }

    @Test func aTrainingRunWritesItsIntrospection() throws {
        let data = try IDXTests.writeFixture(count: 120, rows: 5, columns: 7, classes: 3)
        let out = try PolicyFileTests.temporaryFolder().appendingPathComponent("train")
        let run = try SynrlProcess.run(["train", "--data", data.path, "--iterations", "60", "--batch-size", "40",
                                        "--hidden", "4", "--eval-every", "20", "--out", out.path])
        #expect(run.status == 0, "\(run.errors)")
        try checkIntrospection(out, reports: [0, 20, 40, 60], layers: 2, hiddenLayers: 1)
        #expect(!run.errors.contains("fell silent"), "\(run.errors)")
    }

    /// All weights and biases 0: every ReLU unit is 0 on every image, so the hidden layer is silent from the start
    /// and the run says so, once, naming the layer and the iteration.
    @Test func aSilentHiddenLayerIsNamed() throws {
        let data = try IDXTests.writeFixture(count: 120, rows: 5, columns: 7, classes: 3)
        let out = try PolicyFileTests.temporaryFolder().appendingPathComponent("silent")
        let run = try SynrlProcess.run(["train", "--data", data.path, "--iterations", "20", "--batch-size", "40",
                                        "--hidden", "4", "--init-range", "0", "--eval-every", "10",
                                        "--out", out.path])
        #expect(run.status == 0, "\(run.errors)")
        let warnings: [String] = run.errors.split(separator: "\n").map(String.init).filter { $0.hasPrefix("warning: hidden layer") }
        let expected = "warning: hidden layer 1 (4 units) fell silent at iteration 0: no unit is active on the minibatch, "
            + "so the layers after it see a constant"
        let first: String = warnings.first ?? ""
        #expect(first == expected, "\(run.errors)")
        let rows = try table(out, "layers.csv")
        let silentRows = rows.filter { row in row["layer"] == "0" && row["active_fraction"] == "0.000000" }
        let firstSilent: String = silentRows.first?["iteration"] ?? ""
        #expect(firstSilent == "0")
        // Warned again only after reviving: at most one warning per fall.
        #expect(warnings.count <= silentRows.count)
    }
}
