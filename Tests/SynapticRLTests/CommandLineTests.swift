import Foundation
import Testing
@testable import SynapticRLExperiments

/// The CLI as a newcomer meets it: the README's synopsis names exactly the flags each subcommand's --help does,
/// --version answers, and --quiet leaves the result line alone.
@Suite struct CommandLineTests {
    static let subcommands = ["boundary", "train", "resume", "eval", "reproduce", "compare", "evolve", "evaluate-policies"]

    /// The flags of each `synrl SUBCOMMAND …` entry in the README's synopsis blocks (an entry runs on over its
    /// indented lines).
    static func readmeSynopsis() throws -> [String: Set<String>] {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        var entries = [String: Set<String>]()
        var current: String?
        var inCode = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inCode.toggle(); current = nil; continue }
            guard inCode else { continue }
            let words = line.split(separator: " ")
            if words.count >= 2, words[0] == "synrl", subcommands.contains(String(words[1])) {
                current = String(words[1])
            } else if !line.hasPrefix(" ") {
                current = nil
            }
            if let current { entries[current, default: []].formUnion(expandedFlags(line)) }
        }
        return entries
    }

    /// Long flags in one line; "--[no-]mirror" is both --mirror and --no-mirror.
    static func expandedFlags(_ line: Substring) -> Set<String> {
        var result = Set<String>()
        for match in line.matches(of: #/--(\[no-\])?([a-z][a-z0-9-]*)/#) {
            let name = String(match.output.2)
            result.insert("--" + name)
            if match.output.1 != nil { result.insert("--no-" + name) }
        }
        return result.subtracting(["--help", "--version"])
    }

    /// The flags --help lists in its OPTIONS section (the option column only, not the descriptions).
    static func helpFlags(_ subcommand: String) throws -> Set<String> {
        let help = try SynrlProcess.run([subcommand, "--help"]).output
        var result = Set<String>()
        var inOptions = false
        for line in help.split(separator: "\n") {
            if line.hasPrefix("OPTIONS:") { inOptions = true; continue }
            guard inOptions, line.hasPrefix("  -") else { continue }
            // "  --data <data>     Data set: …": the option column ends at the first double space.
            let optionColumn = line.dropFirst(2).split(separator: "  ", maxSplits: 1).first ?? line
            result.formUnion(expandedFlags(optionColumn))
        }
        return result
    }

    @Test func readmeSynopsisNamesExactlyTheFlagsOfEachHelp() throws {
        let readme = try Self.readmeSynopsis()
        for subcommand in Self.subcommands {
            let documented = try #require(readme[subcommand], "the README has no synopsis of synrl \(subcommand)")
            let help = try Self.helpFlags(subcommand)
            #expect(help.subtracting(documented).isEmpty,
                    "synrl \(subcommand) --help has flags the README's synopsis lacks: \(help.subtracting(documented).sorted())")
            #expect(documented.subtracting(help).isEmpty,
                    "the README's synopsis of synrl \(subcommand) names flags --help lacks: \(documented.subtracting(help).sorted())")
        }
    }

    @Test func versionNamesTheEngine() throws {
        let run = try SynrlProcess.run(["--version"])
        #expect(run.status == 0)
        #expect(run.output == "synrl \(RunRecord.engineVersion)\n")
    }

    @Test func quietPrintsOnlyTheResultLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synrl-quiet-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try SynrlProcess.run(["boundary", "--iterations", "50", "--points", "100", "--hidden", "8", "--quiet",
                                  "--out", folder.path])
        #expect(run.status == 0)
        #expect(run.errors.isEmpty, "--quiet still wrote to standard error: \(run.errors)")
        let lines = run.output.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("accuracy "), "--quiet printed: \(run.output)")
    }
}
