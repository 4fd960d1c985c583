import Foundation
import SynapticRL

/// checkpoint.json of a policy search: its whole `PolicySearch.State` (configuration, CMA-ES state, rows, best) as
/// versioned JSON, written atomically after each generation. Doubles are written in the shortest form that reads
/// back to the same bits, so a resumed search continues exactly.
public enum PolicySearchCheckpoint {
    public static let fileName = RunFolderWriter.File.searchCheckpoint.rawValue
    static let format = "synrl-evolve-checkpoint"
    static let version = 1
    /// A 243-dimensional search's checkpoint is ~20 KB plus ~300 bytes per generation: 100,000 generations fit.
    static let sizeLimit = 64 << 20

    private struct File: Codable {
        var format: String
        var version: Int
        var engine: String
        var state: PolicySearch.State
    }

    public static func save(_ state: PolicySearch.State, in folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(File(format: format, version: version, engine: engineVersion, state: state))
        try AtomicFile.write(data, to: folder.appendingPathComponent(fileName))
    }

    /// The state saved in `folder`, checked: one line naming the problem for a missing, foreign or damaged file.
    public static func load(from folder: URL) throws -> PolicySearch.State {
        let url = folder.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw SynapticRLError.io("\(folder.path) holds no \(fileName): it is not a synrl evolve run folder, or its first generation never finished")
        }
        let data = try AtomicFile.read(url, what: "search checkpoint", limit: sizeLimit)
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw SynapticRLError.invalidData("\(url.path): not a readable synrl evolve checkpoint (\(AtomicFile.reason(error)))")
        }
        guard file.format == format, file.version == version else {
            throw SynapticRLError.invalidData("\(url.path): format \(file.format) version \(file.version), expected \(format) version \(version)")
        }
        let state = file.state
        do {
            try state.configuration.validate()
            guard state.optimizer.settings == state.configuration.cmaesSettings else {
                throw SynapticRLError.invalidData("its CMA-ES settings are not its configuration's")
            }
            try state.optimizer.validateState()
        } catch let error as SynapticRLError {
            throw SynapticRLError.invalidData("\(url.path): \(error.detail)")
        }
        guard state.rows.enumerated().allSatisfy({ $0.element.generation == $0.offset + 1 }),
              state.completedGenerations <= state.configuration.generations,
              state.rows.last?.evaluations == state.optimizer.evaluations || (state.rows.isEmpty && state.optimizer.evaluations == 0) else {
            throw SynapticRLError.invalidData("\(url.path): its generations or best candidate do not fit its settings")
        }
        return state
    }
}
