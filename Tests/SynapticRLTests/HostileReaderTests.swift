import Foundation
import Testing
import ZIPFoundation
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// The crash inputs of the readers' hardening, each built literally: every one must be refused with its
/// one-line `SynapticRLError`, never a trap, an abort or an allocation sized by a claim.
@Suite struct HostileReaderTests {
    /// The error `body` throws, or an issue recorded when it returns.
    static func refusal(_ body: () throws -> Void) -> String {
        do {
            try body()
            Issue.record("a hostile input was accepted")
        } catch {
            #expect(!"\(error)".contains("\n"), "more than one line: \(error)")
            return "\(error)"
        }
        return ""
    }

    // MARK: tar

    /// A 100 KB tar whose one entry claims `claim` bytes (10^15, or 8 GiB, which libarchive would happily size).
    @Test(arguments: [1_000_000_000_000_000, 8 << 30])
    func tarEntryClaimsAreRefusedNotAllocated(claim: Int) throws {
        let url = try PolicyFileTests.temporaryFolder().appendingPathComponent("claims.tar")
        let name = "notMNIST_tiny/A/font0.png"
        try Data(HostileFiles.tarHeader(name: name, size: claim) + [UInt8](repeating: 7, count: 100_000)).write(to: url)
        #expect(Self.refusal { _ = try DataSource.load(path: url.path) }
            == "invalid data: \(url.path): \(name) claims \(claim) bytes, more than the 16777216 an entry may hold; refused")
    }

    /// Names come from the file: quoted in an error, they are escaped so that it stays one line.
    @Test func entryNamesInErrorsStayOnOneLine() throws {
        let url = try PolicyFileTests.temporaryFolder().appendingPathComponent("names.tar")
        try Data(HostileFiles.tarHeader(name: "d/A\nB/x.png", size: 1 << 40) + [UInt8](repeating: 0, count: 1024)).write(to: url)
        #expect(Self.refusal { _ = try DataSource.load(path: url.path) }
            == "invalid data: \(url.path): d/A\\nB/x.png claims 1099511627776 bytes, more than the 16777216 an entry may hold; refused")
    }

    /// A 1.5 MB tar.gz of one 1.5 GiB entry: refused at the entry cap, never inflated (measured by hand, this test
    /// alone peaks at 36 MB resident, the test process's own size).
    @Test func tarGzOfAHugeEntryIsRefusedAtTheCap() throws {
        let url = try PolicyFileTests.temporaryFolder().appendingPathComponent("huge.tar.gz")
        let size = 3 << 29
        let name = "notMNIST_huge/A/font0.png"
        let archive = HostileFiles.gzip(prefix: HostileFiles.tarHeader(name: name, size: size), zeroCount: size + 1024)
        #expect(archive.count < 2_000_000)
        try archive.write(to: url)
        #expect(Self.refusal { _ = try DataSource.load(path: url.path) }
            == "invalid data: \(url.path): \(name) claims \(size) bytes, more than the 16777216 an entry may hold; refused")
    }

    /// Entries within the entry cap still count against the archive's total, read chunk by chunk.
    @Test func tarTotalIsCappedAsItIsRead() throws {
        let url = try PolicyFileTests.temporaryFolder().appendingPathComponent("many.tar")
        try Data(HostileFiles.tar((0..<3).map { ("d/\($0)", [UInt8](repeating: 1, count: 2000)) })).write(to: url)
        var read: [String] = []
        let message = Self.refusal {
            try TarArchive.forEachFile(in: url, largestEntry: 4096, largestTotal: 5000) { path, bytes in
                #expect(bytes.count == 2000)
                read.append(path)
            }
        }
        #expect(message == "invalid data: \(url.path): its files hold more than 5000 bytes in all; refused")
        #expect(read == ["d/0", "d/1"])
        var all: [String] = []
        try TarArchive.forEachFile(in: url, largestEntry: 2000, largestTotal: 6000) { path, _ in all.append(path) }
        #expect(all == ["d/0", "d/1", "d/2"])
    }

    // MARK: npy and npz

    /// A .npy of unsigned bytes whose header holds `shape` and whose data is `dataCount` bytes.
    static func npy(shape: String, descr: String = "|u1", dataCount: Int) -> Data {
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        let length = header.utf8.count
        return Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8)
                    + [UInt8](repeating: 3, count: dataCount))
    }

    /// A zip of `members`, built in memory by ZIPFoundation.
    static func npz(_ members: [(name: String, data: Data)], compression: CompressionMethod = .none) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (name, data) in members {
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: compression) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return try #require(archive.data)
    }

    static func writeNPZ(_ members: [(name: String, data: Data)], to url: URL, compression: CompressionMethod = .none) throws {
        try npz(members, compression: compression).write(to: url)
    }

    static let labels = NPYArray(shape: [4], values: [0, 1, 0, 1]).encodedUInt8()

    /// The 902-byte .npz whose images' shape product overflows Int64.
    @Test func npzWhoseShapeOverflowsIsRefused() throws {
        let url = try PolicyFileTests.temporaryFolder().appendingPathComponent("overflow.npz")
        try Self.writeNPZ([("images.npy", Self.npy(shape: "(3037000500, 3037000500, 28)", dataCount: 500)),
                           ("labels.npy", Self.labels)], to: url)
        #expect(try Data(contentsOf: url).count < 1000)
        #expect(Self.refusal { _ = try DataSource.load(path: url.path) }
            == "invalid data: \(url.path) images.npy: shape [3037000500, 3037000500, 28] has more elements than can be counted")
    }

    static let shapeDefects: [(shape: String, descr: String, expected: String)] = [
        ("(3037000500, 3037000500, 28)", "|u1", "more elements than can be counted"),
        ("(2305843009213693952,)", "<i8", "of <i8 needs more than 9223372036854775807 bytes, found 16"),
        ("(4294967296, 28, 28)", "|u1", "needs 3367254360064 bytes, found 16"),
        ("(-1, 28, 28)", "|u1", "holds \"-1\", not a size"),
        ("(99999999999999999999, 2)", "|u1", "holds \"99999999999999999999\", not a size"),
        ("(" + String(repeating: "1, ", count: 33) + ")", "|u1", "33 dimensions is implausible"),
        ("[4, 4]", "|u1", "shape is not a tuple"),
    ]

    @Test(arguments: shapeDefects)
    func npyShapesAreCheckedBeforeAllocating(shape: String, descr: String, expected: String) {
        let message = Self.refusal { _ = try NPYArray.decode(Self.npy(shape: shape, descr: descr, dataCount: 16), what: "x.npy") }
        #expect(message.hasPrefix("invalid data: x.npy: ") && message.contains(expected), "\(message)")
    }

    @Test func npyHeaderLengthIsCapped() {
        let bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [2, 0, 0xFF, 0xFF, 0xFF, 0x7F]
        #expect(Self.refusal { _ = try NPYArray.decode(Data(bytes), what: "x.npy") }
            == "invalid data: x.npy: a .npy header of 2147483647 bytes is implausible")
    }

    /// Overwrites the uncompressed size of every header of `member` (local and central directory) with `size`.
    static func patchDeclaredSize(of member: String, in url: URL, to size: UInt32) throws {
        var bytes = [UInt8](try Data(contentsOf: url))
        let name = Array(member.utf8)
        for (signature, sizeOffset, nameOffset) in [([0x50, 0x4B, 3, 4] as [UInt8], 22, 30), ([0x50, 0x4B, 1, 2], 24, 46)] {
            var patched = 0
            for start in 0..<(bytes.count - nameOffset - name.count) where Array(bytes[start..<(start + 4)]) == signature
                && Array(bytes[(start + nameOffset)..<(start + nameOffset + name.count)]) == name {
                for byte in 0..<4 { bytes[start + sizeOffset + byte] = UInt8(truncatingIfNeeded: size >> (8 * UInt32(byte))) }
                patched += 1
            }
            try #require(patched == 1)
        }
        try Data(bytes).write(to: url)
    }

    /// An npz member is extracted only up to the size it declares, which must not pass the member cap.
    @Test func npzMembersStopAtTheirDeclaredSizeAndTheCap() throws {
        let folder = try PolicyFileTests.temporaryFolder()
        let images = Self.npy(shape: "(4, 10, 10)", dataCount: 400)
        let url = folder.appendingPathComponent("lying.npz")
        try Self.writeNPZ([("images.npy", images), ("labels.npy", Self.labels)], to: url, compression: .deflate)
        #expect(try DataSource.load(path: url.path).train.count == 4)
        try Self.patchDeclaredSize(of: "images.npy", in: url, to: 100)
        #expect(Self.refusal { _ = try DataSource.load(path: url.path) }
            == "invalid data: \(url.path): images.npy inflates past the 100 bytes it declares")
        try Self.patchDeclaredSize(of: "images.npy", in: url, to: 0xFFFF_FFF0)
        #expect(Self.refusal { _ = try DataSource.load(path: url.path) }
            == "invalid data: \(url.path): images.npy declares 4294967280 bytes, more than the 536870912 a member may hold")
    }

    // MARK: gzip

    /// A 1 MB .gz whose IDX header declares 1000 images of 28×28 (784,000 bytes) but which inflates to 1 GiB:
    /// refused once the output passes the declared size, so it never holds much more than that.
    @Test func gzipBombIsRefusedAtItsIDXHeaderSize() throws {
        let folder = try IDXTests.writeFixture(count: 1000, rows: 28, columns: 28, classes: 10, gzip: true)
        let header: [UInt8] = [0, 0, 8, 3, 0, 0, 0x03, 0xE8, 0, 0, 0, 28, 0, 0, 0, 28]
        let bomb = HostileFiles.gzip(prefix: header, zeroCount: 1 << 30)
        #expect(bomb.count < 1_500_000)
        let url = folder.appendingPathComponent("train-images-idx3-ubyte.gz")
        try bomb.write(to: url)
        #expect(Self.refusal { _ = try IDXDataset.load(folder) }
            == "invalid data: \(url.path): decompresses to more than the 784016 bytes its IDX header declares")
        #expect(Self.refusal { _ = try Gzip.decompress(bomb, what: "b.gz", limit: 1_000_000) }
            == "invalid data: b.gz: decompresses to more than 1000000 bytes; refused")
    }

    /// `cat a.gz b.gz`, which gzip(1) reads as the concatenation, loads as the single-member file does.
    @Test func multiMemberGzipLoadsAsTheConcatenation() throws {
        let folder = try IDXTests.writeFixture(count: 30, rows: 4, columns: 4, classes: 3, gzip: true)
        let single = try IDXDataset.load(folder)
        let url = folder.appendingPathComponent("train-images-idx3-ubyte.gz")
        let encoded = try IDXFile.decode(try Gzip.decompress(try Data(contentsOf: url), what: "x"), what: "x").encoded()
        let members = try [encoded.prefix(7), encoded.dropFirst(7).prefix(200), encoded.dropFirst(207)].map { try Gzip.compress(Data($0)) }
        try members.reduce(Data(), +).write(to: url)
        let multi = try IDXDataset.load(folder)
        #expect(multi.train == single.train)
        #expect(try Gzip.decompress(members.reduce(Data(), +), what: "x") == encoded)
        // Zero padding after the last member is ignored, as gzip(1) does; other trailing bytes are refused.
        #expect(try Gzip.decompress(members[0] + Data(count: 100), what: "x") == encoded.prefix(7))
        #expect(Self.refusal { _ = try Gzip.decompress(members[0] + Data("junk".utf8), what: "x.gz") }
            == "invalid data: x.gz: 4 bytes after the gzip stream are neither a gzip member nor zero padding")
        #expect(Self.refusal { _ = try Gzip.decompress(members[0] + members[1].prefix(30), what: "x.gz") }
            == "invalid data: x.gz: truncated gzip stream")
    }

    // MARK: classes

    /// An IDX training folder (and optionally a t10k pair) with these labels, 2×2 images.
    static func idxFolder(labels: [UInt8], testLabels: [UInt8]? = nil) throws -> URL {
        let folder = try PolicyFileTests.temporaryFolder()
        var pairs = [("train", labels)]
        if let testLabels { pairs.append(("t10k", testLabels)) }
        for (prefix, labels) in pairs {
            try IDXFile(dimensions: [labels.count, 2, 2], bytes: [UInt8](repeating: 9, count: labels.count * 4)).encoded()
                .write(to: folder.appendingPathComponent("\(prefix)-images-idx3-ubyte"))
            try IDXFile(dimensions: [labels.count], bytes: labels).encoded()
                .write(to: folder.appendingPathComponent("\(prefix)-labels-idx1-ubyte"))
        }
        return folder
    }

    /// An npz of 2×2 images with these labels.
    static func npzFile(labels: [UInt8]) throws -> URL {
        let url = try PolicyFileTests.temporaryFolder().appendingPathComponent("letters.npz")
        try Self.writeNPZ([("images.npy", NPYArray(shape: [labels.count, 2, 2], values: [Int64](repeating: 9, count: labels.count * 4)).encodedUInt8()),
                           ("labels.npy", NPYArray(shape: [labels.count], values: labels.map(Int64.init)).encodedUInt8())], to: url)
        return url
    }

    static let classDefects: [(labels: [UInt8], expected: String)] = [
        ((0..<30).map { UInt8($0 % 10) } + [255], "class 10 has no images"),  // one stray 255 among 0…9
        ([0, 1, 3, 0, 1, 3], "class 2 has no images"),
        ([0, 0, 0, 0], "only one class (0); a classifier needs two at least"),
    ]

    @Test(arguments: classDefects)
    func labelsDefineClassesAndEachNeedsImages(labels: [UInt8], expected: String) throws {
        let folder = try Self.idxFolder(labels: labels)
        #expect(Self.refusal { _ = try DataSource.load(path: folder.path) }
            == "invalid data: \(folder.appendingPathComponent("train-labels-idx1-ubyte").path): \(expected)")
        let npz = try Self.npzFile(labels: labels)
        #expect(Self.refusal { _ = try DataSource.load(path: npz.path) } == "invalid data: \(npz.path): \(expected)")
    }

    /// The test split shares the training classes: its labels must be among them, though it may lack some.
    @Test func testLabelsMustBeTrainingClasses() throws {
        let lacking = try IDXDataset.load(try Self.idxFolder(labels: [0, 1, 2, 0, 1, 2], testLabels: [0, 1, 1]))
        #expect(lacking.test?.classNames == ["0", "1", "2"])
        #expect(lacking.test?.countsPerClass == [1, 2, 0])
        let folder = try Self.idxFolder(labels: [0, 1, 2, 0, 1, 2], testLabels: [0, 3])
        #expect(Self.refusal { _ = try IDXDataset.load(folder) }
            == "invalid data: \(folder.appendingPathComponent("t10k-labels-idx1-ubyte").path): label 3 is not a training class (0...2)")
    }

    @Test func aSingleLetterClassIsRefused() throws {
        let root = try PolicyFileTests.temporaryFolder().appendingPathComponent("notMNIST_one")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("A"), withIntermediateDirectories: true)
        for index in 0..<3 {
            try PNGImage.encodeGray(width: 2, height: 2, pixels: [1, 2, 3, 4]).write(to: root.appendingPathComponent("A/\(index).png"))
        }
        #expect(Self.refusal { _ = try DataSource.load(path: root.path) }
            == "invalid data: \(root.path): only one class (A); a classifier needs two at least")
    }

    // MARK: letter image size

    /// Class folders A, B, C, each with a 2×2 image that sorts first and four 4×3 images.
    static func smallFirstEntries() throws -> [(name: String, bytes: [UInt8])] {
        var entries: [(name: String, bytes: [UInt8])] = []
        for letter in LetterDataTests.letters {
            entries.append(("notMNIST_odd/\(letter)/0tiny.png", [UInt8](try PNGImage.encodeGray(width: 2, height: 2, pixels: [0, 1, 2, 3]))))
            for index in 0..<4 {
                let pixels = (0..<12).map { UInt8($0 * 20 + index) }
                entries.append(("notMNIST_odd/\(letter)/font\(index).png", [UInt8](try PNGImage.encodeGray(width: 4, height: 3, pixels: pixels))))
            }
        }
        return entries
    }

    @Test func theMajoritySizeWinsWhereverSmallImagesSort() throws {
        let parent = try PolicyFileTests.temporaryFolder()
        let entries = try Self.smallFirstEntries()
        for (name, bytes) in entries {
            let url = parent.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        let archive = parent.appendingPathComponent("notMNIST_odd.tar.gz")
        try Gzip.compress(Data(HostileFiles.tar(entries))).write(to: archive)
        let expectedSkips = LetterDataTests.letters.map { "\($0)/0tiny.png (2×2, not the 4×3 of most images)" }
        for path in [parent.appendingPathComponent("notMNIST_odd"), archive] {
            let loaded = try DataSource.load(path: path.path)
            #expect(loaded.train.width == 4 && loaded.train.height == 3)
            #expect(loaded.train.countsPerClass == [4, 4, 4])
            #expect(loaded.skipped == expectedSkips)
        }
    }

    @Test func equallyManyImagesOfTwoSizesAreRefused() throws {
        let root = try PolicyFileTests.temporaryFolder().appendingPathComponent("notMNIST_tie")
        for (letter, size) in [("A", 2), ("B", 3)] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(letter), withIntermediateDirectories: true)
            for index in 0..<2 {
                try PNGImage.encodeGray(width: size, height: size, pixels: [UInt8](repeating: 5, count: size * size))
                    .write(to: root.appendingPathComponent("\(letter)/\(index).png"))
            }
        }
        #expect(Self.refusal { _ = try DataSource.load(path: root.path) }
            == "invalid data: \(root.path): images of 2×2 and 3×3 are equally many (2 each); no size is the data set's")
    }

    @Test func anOversizedLetterFileIsRefusedUnread() throws {
        let (_, root) = try LetterDataTests.writeLetterFolders()
        let url = root.appendingPathComponent("B/huge.png")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(LetterImageCollector.largestFile + 1))  // sparse: no disk written
        try handle.close()
        #expect(Self.refusal { _ = try DataSource.load(path: root.path) }
            == "invalid data: \(root.path): B/huge.png is 16777217 bytes, more than the 16777216 an image file may hold; refused")
    }
}
