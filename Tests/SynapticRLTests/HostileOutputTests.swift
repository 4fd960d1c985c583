import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// Every file synrl writes goes through `AtomicFile`: these attack it with what a hostile (or careless) user
/// names as an output — devices, FIFOs, symlinks, planted temporaries, folders, read-only and full file systems.
@Suite(.serialized) struct HostileOutputTests {
    static let payload = Data("{\"accuracy\": 0.5}\n".utf8)

    static func kind(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    static func names(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func aCharacterDeviceIsWrittenThroughNeverReplaced() throws {
        try AtomicFile.write(Self.payload, to: URL(fileURLWithPath: "/dev/null"))
        #expect(Self.kind("/dev/null") == S_IFCHR)
        try AtomicFile.checkWritable(URL(fileURLWithPath: "/dev/null"))
    }

    @Test func aFullDeviceFailsInOneLine() throws {
        #expect(throws: SynapticRLError.io("cannot write /dev/full: No space left on device")) {
            try AtomicFile.write(Self.payload, to: URL(fileURLWithPath: "/dev/full"))
        }
    }

    @Test func aFIFOIsWrittenThroughAndStaysAFIFO() throws {
        let folder = try PolicyFileTests.temporaryFolder()
        let fifo = folder.appendingPathComponent("summary.json")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let received = ReceivedBytes()
        let reader = Thread {
            received.data = FileHandle(forReadingAtPath: fifo.path)?.readDataToEndOfFile() ?? Data()
            received.done.signal()
        }
        reader.start()
        try AtomicFile.write(Self.payload, to: fifo)
        #expect(received.done.wait(timeout: .now() + 10) == .success)
        #expect(received.data == Self.payload)
        #expect(Self.kind(fifo.path) == S_IFIFO)
        #expect(try Self.names(in: folder) == ["summary.json"])
    }

    @Test func aSymlinkAtTheTargetIsRefusedAndNeitherItNorItsTargetChanges() throws {
        let folder = try PolicyFileTests.temporaryFolder()
        let victim = folder.appendingPathComponent("victim.txt")
        try Data("precious".utf8).write(to: victim)
        let link = folder.appendingPathComponent("summary.json")
        #expect(symlink(victim.path, link.path) == 0)
        let expected = SynapticRLError.io("cannot write \(link.path): it is a symbolic link, which synrl does not replace or follow; name the file itself")
        #expect(throws: expected) { try AtomicFile.write(Self.payload, to: link) }
        #expect(throws: expected) { try AtomicFile.checkWritable(link) }
        #expect(Self.kind(link.path) == S_IFLNK)
        #expect(try Data(contentsOf: victim) == Data("precious".utf8))
        #expect(try Self.names(in: folder) == ["summary.json", "victim.txt"])
    }

    /// The old temporary name `.NAME.PID.tmp` was predictable; a symlink planted there (or at any other
    /// temporary-looking name) must not be followed.
    @Test func symlinksPlantedAtTemporaryNamesAreNotFollowed() throws {
        let folder = try PolicyFileTests.temporaryFolder()
        let victim = folder.appendingPathComponent("victim.txt")
        try Data("precious".utf8).write(to: victim)
        let target = folder.appendingPathComponent("policy.json")
        let planted = [".policy.json.\(getpid()).tmp", ".policy.json.0.tmp", ".policy.json.tmp"]
        for name in planted { #expect(symlink(victim.path, folder.appendingPathComponent(name).path) == 0) }
        for _ in 0..<20 { try AtomicFile.write(Self.payload, to: target) }
        #expect(try Data(contentsOf: victim) == Data("precious".utf8))
        #expect(try Data(contentsOf: target) == Self.payload)
        #expect(Self.kind(target.path) == S_IFREG)
        #expect(try Self.names(in: folder) == (planted + ["policy.json", "victim.txt"]).sorted())
    }

    @Test func temporaryNamesAreNotPredictable() throws {
        let target = try PolicyFileTests.temporaryFolder().appendingPathComponent("weights.bin")
        let names = try (0..<50).map { _ -> String in
            let (descriptor, url) = try AtomicFile.createTemporary(for: target)
            close(descriptor)
            unlink(url.path)
            #expect(AtomicFile.isTemporaryName(url.lastPathComponent, for: target))
            return url.lastPathComponent
        }
        #expect(Set(names).count == names.count)
    }

    @Test func aFolderOrASocketIsRefused() throws {
        let folder = try PolicyFileTests.temporaryFolder()
        #expect(throws: SynapticRLError.io("cannot write \(folder.path): it is a folder; name a file")) {
            try AtomicFile.write(Self.payload, to: folder)
        }
        #expect(throws: SynapticRLError.self) { try AtomicFile.checkWritable(folder) }
        #expect(try Self.names(in: folder).isEmpty)
    }

    /// A full file system (ENOSPC injected into the next write): one line, no temporary left, and the file
    /// that was there before is intact.
    @Test func aFullFileSystemLeavesNoTemporaryAndTheOldFileIntact() throws {
        let folder = try PolicyFileTests.temporaryFolder()
        let target = folder.appendingPathComponent("metrics.csv")
        try AtomicFile.write(Data("old rows\n".utf8), to: target)
        AtomicFile.injectedFailure = (folder.path, ENOSPC)
        #expect(throws: SynapticRLError.io("cannot write \(target.path): No space left on device")) {
            try AtomicFile.write(Self.payload, to: target)
        }
        #expect(AtomicFile.injectedFailure == nil)
        #expect(try Self.names(in: folder) == ["metrics.csv"])
        #expect(try Data(contentsOf: target) == Data("old rows\n".utf8))
    }

    /// A folder nobody may write into. Root ignores permission bits, so there the test takes /proc, which no one
    /// can create files in.
    @Test func aReadOnlyFolderFailsInOneLineBeforeAndDuringTheRun() throws {
        let folder: URL
        if geteuid() == 0 {
            folder = URL(fileURLWithPath: "/proc")
        } else {
            folder = try PolicyFileTests.temporaryFolder()
            chmod(folder.path, 0o555)
        }
        let target = folder.appendingPathComponent("synrl-summary.json")
        #expect(throws: SynapticRLError.self) { try AtomicFile.write(Self.payload, to: target) }
        if geteuid() != 0 {
            #expect(throws: SynapticRLError.io("cannot write \(target.path): folder \(folder.path) is not writable")) {
                try AtomicFile.checkWritable(target)
            }
        }
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }

    @Test func aNonFiniteValueInJSONIsANumericalErrorNotAnEncodingError() throws {
        let target = try PolicyFileTests.temporaryFolder().appendingPathComponent("summary.json")
        #expect(throws: SynapticRLError.numerical("cannot write \(target.path): a value to record is not finite (NaN or infinity)")) {
            try AtomicFile.writeJSON(["loss": Double.infinity], to: target)
        }
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }

    @Test func readingIsCappedForDevicesAndFiles() throws {
        #expect(throws: SynapticRLError.invalidData("policy file /dev/zero: more than the 65536 bytes this engine reads")) {
            try AtomicFile.read(URL(fileURLWithPath: "/dev/zero"), what: "policy file", limit: 1 << 16)
        }
        let file = try PolicyFileTests.temporaryFolder().appendingPathComponent("big.json")
        try Data(count: 100).write(to: file)
        #expect(throws: SynapticRLError.invalidData("policy file \(file.path): 100 bytes, more than the 99 this engine reads")) {
            try AtomicFile.read(file, what: "policy file", limit: 99)
        }
        #expect(try AtomicFile.read(file, what: "policy file", limit: 100).count == 100)
    }
}

/// What the FIFO's reader thread received.
final class ReceivedBytes: @unchecked Sendable {
    var data = Data()
    let done = DispatchSemaphore(value: 0)
}
