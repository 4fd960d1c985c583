import Foundation
import SynapticRL

/// Builds a data set from class-folder PNGs (notMNIST's `A/`…`J/`), whether read from disk or from an archive:
/// unreadable files are skipped and named, all images one size, every class must keep at least one image.
/// The size is the one most readable images have, not the first one's, so a few stray images (of whatever
/// size, wherever they sort) are skipped instead of every real one; a tie between sizes is refused, as no
/// size is then the data set's. Images are ordered by class, then file name, so a folder and its archive give
/// the same data set (and split).
struct LetterImageCollector {
    /// The largest file a letter image may be: 16 MiB. notMNIST's PNGs are a few hundred bytes (28×28 gray), so
    /// this is vast room for any letter image while a hostile file or archive entry costs little memory.
    static let largestFile = 16 << 20
    /// The most pixels all readable images may hold together: 1 GiB, over twice notMNIST large's 0.42 GB
    /// (529,114 of 28×28); the images are kept until the majority size is known.
    static let largestPixels = 1 << 30

    private struct Size: Hashable, Comparable {
        let width: Int
        let height: Int
        var text: String { "\(width)×\(height)" }
        static func < (a: Size, b: Size) -> Bool { (a.width, a.height) < (b.width, b.height) }
    }

    let source: String
    private var images: [Size: [String: [(fileName: String, pixels: [UInt8])]]] = [:]
    private var pixelTotal = 0
    private var skipped: [String] = []

    init(source: String) { self.source = source }

    /// Keeps a readable PNG, or records why `bytes` were skipped; refuses once the images pass `largestPixels`.
    mutating func add(className: String, fileName: String, bytes: Data) throws {
        let name = "\(className)/\(fileName)".oneLine
        guard let image = try? PNGImage.decodeGray(bytes, what: name) else {
            skipped.append(bytes.isEmpty ? "\(name) (empty)" : "\(name) (not a readable PNG)")
            return
        }
        guard image.pixels.count <= Self.largestPixels - pixelTotal else {
            throw SynapticRLError.invalidData("\(source): the images hold more than \(Self.largestPixels) pixels; refused")
        }
        pixelTotal += image.pixels.count
        images[Size(width: image.width, height: image.height), default: [:]][className, default: []].append((fileName, image.pixels))
    }

    /// The images of the majority size, labelled by their class's index in `classNames`, and what was skipped.
    func finish(classNames: [String]) throws -> (images: LabeledImages, skipped: [String]) {
        let sizes = images.mapValues { $0.values.reduce(0) { $0 + $1.count } }
        guard let most = sizes.values.max() else { throw SynapticRLError.invalidData("\(source): no readable PNG image") }
        let tied = sizes.filter { $0.value == most }.keys.sorted()
        guard tied.count == 1, let size = tied.first else {
            throw SynapticRLError.invalidData(
                "\(source): images of \(tied.map(\.text).joined(separator: " and ")) are equally many (\(most) each); no size is the data set's")
        }
        var skipped = self.skipped
        for other in sizes.keys.sorted() where other != size {
            for (className, files) in images[other]!.sorted(by: { $0.key < $1.key }) {
                for file in files.sorted(by: { $0.fileName < $1.fileName }) {
                    skipped.append("\("\(className)/\(file.fileName)".oneLine) (\(other.text), not the \(size.text) of most images)")
                }
            }
        }
        let kept = images[size]!
        try LabeledImages.checkClasses(classNames.map { kept[$0]?.count ?? 0 }, names: classNames, what: source)
        var pixels: [UInt8] = []
        var labels: [UInt8] = []
        for (label, name) in classNames.enumerated() {
            for image in kept[name, default: []].sorted(by: { $0.fileName < $1.fileName }) {
                pixels += image.pixels
                labels.append(UInt8(label))
            }
        }
        var name = URL(fileURLWithPath: source).lastPathComponent
        for suffix in [".tar.gz", ".tgz", ".tar"] where name.lowercased().hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) }
        return (try LabeledImages(name: name, width: size.width, height: size.height,
                                  pixels: pixels, labels: labels, classNames: classNames), skipped)
    }
}
