import Foundation
@testable import SynapticRL

/// The synrl binary run as a user runs it, its standard output and error kept (in files: no pipe to fill up).
enum SynrlProcess {
    struct Result {
        let status: Int32
        let output: String
        let errors: String
    }

    static func run(_ arguments: [String]) throws -> Result {
        let folder = try PolicyFileTests.temporaryFolder()
        let (outputURL, errorsURL) = (folder.appendingPathComponent("stdout"), folder.appendingPathComponent("stderr"))
        for url in [outputURL, errorsURL] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        let process = Process()
        process.executableURL = try CheckpointTests.binary()
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorsURL)
        try process.run()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: try String(contentsOf: outputURL, encoding: .utf8),
                      errors: try String(contentsOf: errorsURL, encoding: .utf8))
    }

    /// A JSON object file of a run folder, as a dictionary.
    static func object(_ folder: URL, _ name: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(name)))
        guard let object = value as? [String: Any] else { throw SynapticRLError.invalidData("\(name) is not a JSON object") }
        return object
    }
}
