import Foundation
import Testing
import ZIPFoundation
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// notMNIST-shaped fixtures written by the project's own PNG and NPY encoders, defects included.
@Suite struct LetterDataTests {
    static let letters = ["A", "B", "C"]

    /// `parent/notMNIST_tiny/{A,B,C}/*.png`, 4 images of 4×3 per class, plus a zero-byte file in A and a
    /// non-PNG file with content in C (the real archives' defects).
    static func writeLetterFolders() throws -> (parent: URL, root: URL) {
        let parent = try PolicyFileTests.temporaryFolder()
        let root = parent.appendingPathComponent("notMNIST_tiny")
        var data = TestData(seed: 17)
        for letter in letters {
            let folder = root.appendingPathComponent(letter)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for index in 0..<4 {
                let pixels = (0..<12).map { _ in UInt8(data.int(below: 256)) }
                try PNGImage.encodeGray(width: 4, height: 3, pixels: pixels)
                    .write(to: folder.appendingPathComponent("font\(index).png"))
            }
        }
        try Data().write(to: root.appendingPathComponent("A/RW1wdHk=.png"))
        try Data("not a png at all".utf8).write(to: root.appendingPathComponent("C/Tm9uUE5H.png"))
        return (parent, root)
    }

    @Test func pngRoundTrips() throws {
        let pixels: [UInt8] = [0, 10, 200, 255, 1, 2]
        let decoded = try PNGImage.decodeGray(try PNGImage.encodeGray(width: 3, height: 2, pixels: pixels), what: "x")
        #expect(decoded.width == 3 && decoded.height == 2 && decoded.pixels == pixels)
        #expect(throws: SynapticRLError.invalidData("e.png: empty file")) { try PNGImage.decodeGray(Data(), what: "e.png") }
    }

    @Test func letterFoldersLoadAndNameTheirDefects() throws {
        let (parent, root) = try Self.writeLetterFolders()
        for path in [root, parent] {  // the class folders' parent, or the folder an archive was extracted into
            let loaded = try DataSource.load(path: path.path)
            #expect(loaded.train.classNames == Self.letters)
            #expect(loaded.train.countsPerClass == [4, 4, 4])
            #expect(loaded.train.width == 4 && loaded.train.height == 3)
            #expect(loaded.skipped == ["A/RW1wdHk=.png (empty)", "C/Tm9uUE5H.png (not a readable PNG)"])
        }
    }

    @Test func tarGzLoadsLikeTheFolder() throws {
        let (parent, root) = try Self.writeLetterFolders()
        let archive = parent.appendingPathComponent("notMNIST_tiny.tar.gz")
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/bin/tar")
        tar.arguments = ["-czf", archive.path, "-C", parent.path, "notMNIST_tiny"]
        try tar.run()
        tar.waitUntilExit()
        try #require(tar.terminationStatus == 0)
        let fromArchive = try DataSource.load(path: archive.path)
        let fromFolder = try DataSource.load(path: root.path)
        #expect(fromArchive.train.classNames == fromFolder.train.classNames)
        #expect(fromArchive.train == fromFolder.train)
        #expect(Set(fromArchive.skipped) == Set(fromFolder.skipped))
        // Truncating the archive is an error naming it, not a crash.
        let bytes = try Data(contentsOf: archive)
        let truncated = parent.appendingPathComponent("cut.tar.gz")
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        do {
            _ = try DataSource.load(path: truncated.path)
            Issue.record("a truncated archive loaded")
        } catch {
            #expect("\(error)".contains("cut.tar.gz"))
        }
    }

    @Test func aClassWithoutReadableImagesFails() throws {
        let (_, root) = try Self.writeLetterFolders()
        for index in 0..<4 { try Data().write(to: root.appendingPathComponent("B/font\(index).png")) }
        #expect(throws: SynapticRLError.invalidData("\(root.path): class B has no images")) {
            try DataSource.load(path: root.path)
        }
    }

    static func writeNPZ(images: NPYArray, labels: NPYArray, to url: URL) throws {
        let archive = try Archive(url: url, accessMode: .create)
        for (name, array) in [("images.npy", images), ("labels.npy", labels)] {
            let data = array.encodedUInt8()
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count)) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
    }

    @Test func npzLoads() throws {
        let folder = try PolicyFileTests.temporaryFolder()
        let url = folder.appendingPathComponent("notMNIST.npz")
        let images = NPYArray(shape: [6, 2, 2], values: (0..<24).map { Int64($0 * 10) })
        let labels = NPYArray(shape: [6], values: [0, 1, 2, 0, 1, 2])
        try Self.writeNPZ(images: images, labels: labels, to: url)
        let loaded = try DataSource.load(path: url.path)
        #expect(loaded.train.classNames == ["A", "B", "C"])
        #expect(loaded.train.pixels == (0..<24).map { UInt8($0 * 10) })
        #expect(loaded.train.labels == [0, 1, 2, 0, 1, 2])

        let mismatched = folder.appendingPathComponent("bad.npz")
        try Self.writeNPZ(images: images, labels: NPYArray(shape: [5], values: [0, 1, 2, 0, 1]), to: mismatched)
        #expect(throws: SynapticRLError.invalidData("\(mismatched.path): 6 images but labels of shape [5]")) {
            try DataSource.load(path: mismatched.path)
        }
        let garbage = folder.appendingPathComponent("garbage.npz")
        try Data("PK not really".utf8).write(to: garbage)
        #expect(throws: SynapticRLError.self) { try DataSource.load(path: garbage.path) }
    }

    @Test func npyReadsWiderIntegerLabels() throws {
        // '<i8' labels as numpy writes them by default: header padded to 64 bytes.
        var header = "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8)
        for value in [Int64(2), 0, -1] { bytes += withUnsafeBytes(of: value.littleEndian) { Array($0) } }
        let array = try NPYArray.decode(Data(bytes), what: "l.npy")
        #expect(array.shape == [3] && array.values == [2, 0, -1])
        #expect(throws: SynapticRLError.self) { try NPYArray.decode(Data(bytes.dropLast()), what: "l.npy") }
    }
}
