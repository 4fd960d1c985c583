import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

@Suite struct IDXTests {
    /// A small IDX folder written by the project's own encoder: `count` images of rows × columns, labels 0..<classes.
    static func writeFixture(count: Int = 20, rows: Int = 5, columns: Int = 3, classes: Int = 4, gzip: Bool = false,
                             labelCount: Int? = nil, seed: UInt64 = 1) throws -> URL {
        let folder = try PolicyFileTests.temporaryFolder()
        var data = TestData(seed: seed)
        let pixels = (0..<(count * rows * columns)).map { _ in UInt8(data.int(below: 256)) }
        let labels = (0..<(labelCount ?? count)).map { UInt8($0 % classes) }
        let files = [("train-images-idx3-ubyte", IDXFile(dimensions: [count, rows, columns], bytes: pixels)),
                     ("train-labels-idx1-ubyte", IDXFile(dimensions: [labels.count], bytes: labels))]
        for (name, file) in files {
            let bytes = gzip ? try Gzip.compress(file.encoded()) : file.encoded()
            try bytes.write(to: folder.appendingPathComponent(name + (gzip ? ".gz" : "")))
        }
        return folder
    }

    @Test(arguments: [false, true])
    func folderRoundTrips(gzip: Bool) throws {
        let folder = try Self.writeFixture(count: 20, rows: 5, columns: 3, gzip: gzip)
        let (train, test) = try IDXDataset.load(folder)
        #expect(test == nil)
        #expect(train.count == 20 && train.width == 3 && train.height == 5)
        #expect(train.classCount == 4)
        #expect(train.countsPerClass == [5, 5, 5, 5])
        let loaded = try DataSource.load(path: folder.path)
        #expect(loaded.train == train)
    }

    @Test func headerFieldsAreBigEndian() throws {
        let file = IDXFile(dimensions: [2, 1, 258], bytes: [UInt8](repeating: 7, count: 516))
        let bytes = [UInt8](file.encoded())
        #expect(Array(bytes[0..<16]) == [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 1, 2])
        #expect(try IDXFile.decode(file.encoded(), what: "x") == file)
    }

    static let defects: [([UInt8], String)] = [
        ([0, 0], "truncated header"),
        ([0, 0, 9, 1, 0, 0, 0, 1, 5], "wrong magic"),
        ([0x1F, 0x8B, 8, 3], "wrong magic"),
        ([0, 0, 8, 3, 0, 0, 0, 2], "truncated header"),
        ([0, 0, 8, 1, 0, 0, 0, 3, 1, 2], "truncated: sizes [3] need 3 bytes, the file has 2"),
        ([0, 0, 8, 1, 0, 0, 0, 1, 1, 2], "1 bytes beyond"),
    ]

    @Test(arguments: defects)
    func defectiveFilesFailWithOneLine(bytes: [UInt8], expected: String) {
        do {
            _ = try IDXFile.decode(Data(bytes), what: "f.idx")
            Issue.record("decoded \(bytes)")
        } catch {
            #expect("\(error)".contains("f.idx"))
            #expect("\(error)".contains(expected), "\(error)")
        }
    }

    @Test func truncatedGzipIsReported() throws {
        let compressed = try Gzip.compress(Data((0..<5000).map { UInt8($0 % 251) }))
        #expect(try Gzip.decompress(compressed, what: "x") == Data((0..<5000).map { UInt8($0 % 251) }))
        #expect(throws: SynapticRLError.invalidData("x.gz: truncated gzip stream")) {
            try Gzip.decompress(compressed.prefix(compressed.count / 2), what: "x.gz")
        }
    }

    @Test func imageAndLabelCountsMustAgree() throws {
        let folder = try Self.writeFixture(count: 20, labelCount: 19)
        #expect(throws: SynapticRLError.invalidData("train-images-idx3-ubyte holds 20 images but train-labels-idx1-ubyte 19 labels")) {
            try IDXDataset.load(folder)
        }
    }

    @Test func missingAndUnknownDataSay() throws {
        #expect(throws: SynapticRLError.io("cannot read data set /no/such/path: no such file or folder")) {
            try DataSource.load(path: "/no/such/path")
        }
        let empty = try PolicyFileTests.temporaryFolder()
        do {
            _ = try DataSource.load(path: empty.path)
            Issue.record("an empty folder loaded")
        } catch {
            #expect("\(error)".contains("cannot detect a data set"))
        }
    }

    @Test func splitIsSeededDisjointAndComplete() throws {
        let split = try DataSplit(count: 1000, seed: 3)
        #expect(split.training.count == 750 && split.validation.count == 250)
        #expect(Set(split.training).isDisjoint(with: split.validation))
        #expect(Set(split.training + split.validation) == Set(0..<1000))
        #expect(try DataSplit(count: 1000, seed: 3) == split)
        #expect(try DataSplit(count: 1000, seed: 4) != split)
        #expect(throws: SynapticRLError.self) { try DataSplit(count: 1, seed: 1) }
    }
}
