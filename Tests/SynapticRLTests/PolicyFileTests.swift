import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

@Suite struct PolicyFileTests {
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("synrl-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// State index for the authors' fields (a2, a1, r2, r1).
    static func state(_ a2: Int, _ a1: Int, _ r2: Int, _ r1: Int) -> Int { a2 * 27 + a1 * 9 + r2 * 3 + r1 }

    @Test func authorsGoldenTableLoadsWithItsGreedyActions() throws {
        let table = try PolicyFile.authorsGolden().table
        #expect(table.historyLength == 2)
        #expect(table.values.count == 243)
        // The initial state (null, null actions; neutral, neutral rewards): q = (−0.963, −0.317, −0.289) → +.
        #expect(table.greedyAction(state: Self.state(1, 1, 1, 1)) == ActionSymbol.increment)
        #expect(table.values[Self.state(1, 1, 1, 1) * 3] == -0.9633580124688635)
        // A few more rows of the file: (0,0,0,0) → +, (0,1,0,0) → none, (0,1,2,0) → −, (2,2,2,2) → −.
        #expect(table.greedyAction(state: Self.state(0, 0, 0, 0)) == ActionSymbol.increment)
        #expect(table.greedyAction(state: Self.state(0, 1, 0, 0)) == ActionSymbol.none)
        #expect(table.greedyAction(state: Self.state(0, 1, 2, 0)) == ActionSymbol.decrement)
        #expect(table.greedyAction(state: Self.state(2, 2, 2, 2)) == ActionSymbol.decrement)
    }

    /// The bundled evolved table: the search's provenance, and the greedy map the README describes (19 of the 36
    /// full-history states changed from the authors'; a rewarded move repeated: ++ then +1 +1 → +, −− then +1 +1 → −).
    @Test func theEvolvedTableLoadsWithItsProvenanceAndGreedyMap() throws {
        let evolved = try PolicyFile.evolvedOnBoundaries()
        let authors = try PolicyFile.authorsGolden().table
        #expect(evolved.name == "evolved-2d" && evolved.provenance["command"] == "synrl evolve")
        #expect(evolved.provenance["searchSeed"] == "1" && evolved.provenance["generation"] == "360")
        #expect(evolved.table.greedyAction(state: Self.state(2, 2, 2, 2)) == ActionSymbol.increment)
        #expect(evolved.table.greedyAction(state: Self.state(0, 0, 2, 2)) == ActionSymbol.decrement)
        let full = [0, 2].flatMap { r2 in [0, 2].flatMap { r1 in (0..<3).flatMap { a2 in (0..<3).map { a1 in Self.state(a2, a1, r2, r1) } } } }
        #expect(full.count == 36)
        #expect(full.filter { evolved.table.greedyAction(state: $0) != authors.greedyAction(state: $0) }.count == 19)
    }

    static let sharedReference = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/reference/authors-golden-policy.json").standardized

    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedReference.path), "needs ../shared beside the checkout"))
    func bundledCopyEqualsTheSharedReference() throws {
        let shared = Self.sharedReference
        #expect(try PolicyFile.load(from: shared).table == PolicyFile.authorsGolden().table)
    }

    @Test(arguments: [1, 2, 3])
    func saveAndLoadRoundTripExactly(historyLength: Int) throws {
        var data = TestData(seed: UInt64(historyLength))
        var table = QTable(historyLength: historyLength)
        table.values = data.floats(table.values.count).map { Double($0) / 3 }
        let folder = try Self.temporaryFolder()
        let url = folder.appendingPathComponent("policy.json")
        try PolicyFile(name: "test \"quoted\"", description: "round trip", table: table, provenance: ["seed": "4"]).save(to: url)
        let loaded = try PolicyFile.load(from: url)
        #expect(loaded.table == table)
        #expect(loaded.name == "test \"quoted\"")
        #expect(loaded.provenance["seed"] == "4")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["policy.json"], "a temporary file was left behind")
    }

    static let corruptFiles: [(String, String)] = [
        ("[1, 2]", "not a JSON object"),
        ("{\"historyLength\": 2}", "no \"states\""),
        ("{\"historyLength\": 9, \"states\": []}", "historyLength"),
        ("{\"historyLength\": 1, \"states\": []}", "needs 9 states"),
        ("{\"format\": \"other\", \"historyLength\": 1, \"states\": []}", "format"),
        ("{\"format\": \"synaptic-rl-policy\", \"version\": 99, \"historyLength\": 1, \"states\": []}", "unsupported version"),
        ("{\"historyLength\": 1, \"states\": [" + (0..<9).map { "{\"a1\": \($0 / 3), \"r1\": \($0 % 3), \"q\": [0, \"x\", 1]}" }
            .joined(separator: ",") + "]}", "finite numbers"),
        ("{\"historyLength\": 1, \"states\": [" + (0..<9).map { _ in "{\"a1\": 0, \"r1\": 0, \"q\": [0, 0, 1]}" }
            .joined(separator: ",") + "]}", "repeats"),
        ("{\"historyLength\": 1, \"states\": [" + (0..<9).map { "{\"a1\": \($0 / 3 + 1), \"r1\": \($0 % 3), \"q\": [0, 0, 1]}" }
            .joined(separator: ",") + "]}", "0...2"),
    ]

    @Test(arguments: corruptFiles)
    func corruptFilesFailWithOneLineNamingTheFile(text: String, expected: String) throws {
        let url = try Self.temporaryFolder().appendingPathComponent("bad.json")
        try Data(text.utf8).write(to: url)
        do {
            _ = try PolicyFile.load(from: url)
            Issue.record("\(text.prefix(40)) loaded")
        } catch let error as SynapticRLError {
            #expect(error.description.contains(url.path))
            #expect(error.description.contains(expected), "\(error)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func missingFileSaysSo() {
        #expect(throws: SynapticRLError.io("cannot read policy file /nonexistent/p.json: no such file")) {
            try PolicyFile.load(from: URL(fileURLWithPath: "/nonexistent/p.json"))
        }
    }

    @Test func failedSaveLeavesTheOldFileIntact() throws {
        let folder = try Self.temporaryFolder()
        let url = folder.appendingPathComponent("policy.json")
        try Data("old".utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: folder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path) }
        let writable = access(folder.path, W_OK) == 0  // root may write anyway; then the save must simply succeed
        do {
            try PolicyFile(name: "n", description: "d", table: QTable(historyLength: 1)).save(to: url)
            #expect(writable)
        } catch let error as SynapticRLError {
            #expect(!writable)
            #expect(error.description.contains(url.path))
            #expect(try Data(contentsOf: url) == Data("old".utf8))
        }
    }
}
