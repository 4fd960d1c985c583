import Foundation
import Testing
import ZIPFoundation
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// Fixed-seed mutation loops over valid samples of every format the tools read: truncated, bytes overwritten,
/// extended. Each mutant must decode or fail with a one-line `SynapticRLError`; a crash fails the whole run.
@Suite struct FuzzTests {
    static let cases = 10_000

    /// Mutants of `sample`: truncation, 1–8 overwritten bytes (anywhere, or in the first 64 where headers live),
    /// or 1–64 random bytes appended. `reseal` (for checksummed formats) recomputes the checksum of half the
    /// mutants, so that the checks behind the checksum are exercised too.
    static func fuzz(_ format: String, sample: Data, seed: UInt64, reseal: ((inout [UInt8]) -> Void)? = nil,
                     decode: (Data) throws -> Void) {
        var data = TestData(seed: seed)
        let original = [UInt8](sample)
        var (decoded, refused) = (0, 0)
        for index in 0..<cases {
            var bytes = original
            switch data.int(below: 4) {
            case 0: bytes.removeLast(1 + data.int(below: bytes.count))
            case 1, 2:
                let span = data.int(below: 2) == 0 ? bytes.count : min(64, bytes.count)
                for _ in 0...data.int(below: 8) { bytes[data.int(below: span)] = UInt8(data.int(below: 256)) }
            default: bytes += (0...data.int(below: 64)).map { _ in UInt8(data.int(below: 256)) }
            }
            if let reseal, index % 2 == 0, bytes.count >= 4 { reseal(&bytes) }
            do {
                try decode(Data(bytes))
                decoded += 1
            } catch let error as SynapticRLError {
                refused += 1
                if error.description.contains("\n") { Issue.record("\(format): a message of more than one line: \(error)") }
            } catch {
                Issue.record("\(format) case \(index): \(error) is not a SynapticRLError")
            }
        }
        #expect(refused > cases / 2, "\(format): only \(refused) of \(cases) mutants refused")
        #expect(decoded + refused == cases)
    }

    /// Replaces the trailing CRC-32 with the right one for the bytes before it.
    static func resealCRC(_ bytes: inout [UInt8]) {
        let crc = Checksum.crc32(Array(bytes.dropLast(4)))
        for byte in 0..<4 { bytes[bytes.count - 4 + byte] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(byte))) }
    }

    @Test func idx() throws {
        var data = TestData(seed: 70)
        let file = IDXFile(dimensions: [6, 4, 5], bytes: (0..<120).map { _ in UInt8(data.int(below: 256)) })
        Self.fuzz("IDX", sample: file.encoded(), seed: 71) { _ = try IDXFile.decode($0, what: "fuzz") }
    }

    @Test func gzippedIDX() throws {
        var data = TestData(seed: 72)
        let file = IDXFile(dimensions: [6, 4, 5], bytes: (0..<120).map { _ in UInt8(data.int(below: 256)) })
        Self.fuzz("IDX.gz", sample: try Gzip.compress(file.encoded()), seed: 73) {
            _ = try IDXFile.decode(try Gzip.decompress($0, what: "fuzz"), what: "fuzz")
        }
    }

    @Test func png() throws {
        var data = TestData(seed: 74)
        let sample = try PNGImage.encodeGray(width: 9, height: 7, pixels: (0..<63).map { _ in UInt8(data.int(below: 256)) })
        Self.fuzz("PNG", sample: sample, seed: 75) { _ = try PNGImage.decodeGray($0, what: "fuzz") }
    }

    @Test func policyJSON() throws {
        let url = try PolicyFileTests.temporaryFolder().appendingPathComponent("policy.json")
        try PolicyFile.authorsGolden().save(to: url)
        Self.fuzz("policy JSON", sample: try Data(contentsOf: url), seed: 76) { _ = try PolicyFile.decode($0) }
    }

    @Test func weights() throws {
        var network = try Network(sizes: [5, 3, 2], activations: [.relu, .identity])
        var data = TestData(seed: 77)
        network.weights = data.floats(network.synapseCount)
        Self.fuzz("weights", sample: WeightsFile.encode(network), seed: 78, reseal: Self.resealCRC) {
            _ = try WeightsFile.decode($0, what: "fuzz")
        }
    }

    @Test func checkpoint() throws {
        let folder = try PolicyFileTests.temporaryFolder()
        _ = try ClassificationExperiment.run(SmallRuns.configuration(hidden: [3], iterations: 30, evaluateEvery: 10),
                                             data: try SmallRuns.data(), output: folder, shouldStop: { true })
        let sample = try Data(contentsOf: folder.appendingPathComponent(Checkpoint.fileName))
        Self.fuzz("checkpoint", sample: sample, seed: 79, reseal: Self.resealCRC) { _ = try CheckpointFile.decode($0, what: "fuzz") }
    }

    /// A general rule's checkpoint (Boltzmann + SARSA: the rule.* arrays, a pending update, the rule as a file).
    @Test func generalRuleCheckpoint() throws {
        let folder = try PolicyFileTests.temporaryFolder()
        var configuration = SmallRuns.configuration(hidden: [3], iterations: 30, evaluateEvery: 10)
        configuration.rule = RuleEngineTests.restoredRules["boltzmann-sarsa"]!
        _ = try ClassificationExperiment.run(configuration, data: try SmallRuns.data(), output: folder, shouldStop: { true })
        let sample = try Data(contentsOf: folder.appendingPathComponent(Checkpoint.fileName))
        Self.fuzz("general checkpoint", sample: sample, seed: 80, reseal: Self.resealCRC) { _ = try CheckpointFile.decode($0, what: "fuzz") }
    }
    /// Replaces the contents of `url` by `bytes` in place, never truncating to zero first: rewriting a file whole
    /// makes ext4 flush it to disk on every close (its replace-by-truncate heuristic), seconds over a loop.
    static func overwrite(_ url: URL, with bytes: Data) throws {
        if !FileManager.default.fileExists(atPath: url.path) { try Data().write(to: url) }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.write(contentsOf: bytes)
        try handle.truncate(atOffset: UInt64(bytes.count))
    }

    /// A notMNIST-shaped tar as tar(1) writes one: classes A, B, C of two 4×3 PNGs each.
    static func letterTar(seed: UInt64) throws -> Data {
        var data = TestData(seed: seed)
        var entries: [(name: String, bytes: [UInt8])] = []
        for letter in LetterDataTests.letters {
            for index in 0..<2 {
                let png = try PNGImage.encodeGray(width: 4, height: 3, pixels: (0..<12).map { _ in UInt8(data.int(below: 256)) })
                entries.append(("notMNIST_fuzz/\(letter)/\(index).png", [UInt8](png)))
            }
        }
        return Data(HostileFiles.tar(entries))
    }

    @Test(arguments: [false, true])
    func letterArchive(gzip: Bool) throws {
        let url = try PolicyFileTests.temporaryFolder().appendingPathComponent(gzip ? "fuzz.tar.gz" : "fuzz.tar")
        let tar = try Self.letterTar(seed: 80)
        Self.fuzz(gzip ? "tar.gz" : "tar", sample: gzip ? try Gzip.compress(tar) : tar, seed: gzip ? 81 : 82) { mutant in
            try Self.overwrite(url, with: mutant)
            _ = try LetterFolderDataset.load(archive: url)
        }
    }

    static let npzImages = NPYArray(shape: [6, 2, 2], values: (0..<24).map { Int64($0 * 10) }).encodedUInt8()
    static let npzLabels = NPYArray(shape: [6], values: [0, 1, 2, 0, 1, 2]).encodedUInt8()

    /// The zip structure: mutants of a whole .npz, stored as numpy's savez writes it or deflated as savez_compressed.
    @Test(arguments: [CompressionMethod.none, .deflate])
    func npz(compression: CompressionMethod) throws {
        let url = try PolicyFileTests.temporaryFolder().appendingPathComponent("fuzz.npz")
        let sample = try HostileReaderTests.npz([("images.npy", Self.npzImages), ("labels.npy", Self.npzLabels)], compression: compression)
        Self.fuzz("npz", sample: sample, seed: compression == .none ? 83 : 84) { mutant in
            try Self.overwrite(url, with: mutant)
            _ = try NPZDataset.load(url)
        }
    }

    /// The npy headers inside: mutants of images.npy in a well-formed zip (right CRC), so they reach the npy reader.
    @Test func npyInsideNPZ() throws {
        let url = try PolicyFileTests.temporaryFolder().appendingPathComponent("fuzz.npz")
        Self.fuzz("npy in npz", sample: Self.npzImages, seed: 85) { mutant in
            try Self.overwrite(url, with: try HostileReaderTests.npz([("images.npy", mutant), ("labels.npy", Self.npzLabels)]))
            _ = try NPZDataset.load(url)
        }
    }

    /// Three gzip members back to back, the IDX header split across the first two, read as IDX.gz is.
    @Test func multiMemberGzip() throws {
        var data = TestData(seed: 86)
        let file = IDXFile(dimensions: [6, 4, 5], bytes: (0..<120).map { _ in UInt8(data.int(below: 256)) }).encoded()
        let sample = try [file.prefix(6), file.dropFirst(6).prefix(50), file.dropFirst(56)].map { try Gzip.compress(Data($0)) }.reduce(Data(), +)
        Self.fuzz("multi-member gzip", sample: sample, seed: 87) {
            _ = try IDXFile.decode(try IDXFile.inflate($0, what: "fuzz"), what: "fuzz")
        }
    }
}
