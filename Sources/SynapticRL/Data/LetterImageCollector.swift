import Foundation

/// Builds a data set from class-folder PNGs (notMNIST's `A/`…`J/`), whether read from disk or from an archive:
/// unreadable files are skipped and named, every class must keep at least one image, all images one size.
/// Images are ordered by class, then file name, so a folder and its archive give the same data set (and split).
struct LetterImageCollector {
    let source: String
    private var images: [String: [(fileName: String, pixels: [UInt8])]] = [:]
    private var size: (width: Int, height: Int)?
    private(set) var skipped: [String] = []

    init(source: String) { self.source = source }

    mutating func add(className: String, fileName: String, bytes: Data) {
        let name = "\(className)/\(fileName)"
        do {
            let image = try PNGImage.decodeGray(bytes, what: name)
            if let size, size != (image.width, image.height) {
                skipped.append("\(name) (\(image.width)×\(image.height), not \(size.width)×\(size.height))")
                return
            }
            size = (image.width, image.height)
            images[className, default: []].append((fileName, image.pixels))
        } catch {
            skipped.append(bytes.isEmpty ? "\(name) (empty)" : "\(name) (not a readable PNG)")
        }
    }

    func finish(classNames: [String]) throws -> LabeledImages {
        guard let size else { throw SynapticRLError.invalidData("\(source): no readable PNG image") }
        for name in classNames where images[name, default: []].isEmpty {
            throw SynapticRLError.invalidData("\(source): class \(name) has no readable image")
        }
        var pixels: [UInt8] = []
        var labels: [UInt8] = []
        for (label, name) in classNames.enumerated() {
            for image in images[name, default: []].sorted(by: { $0.fileName < $1.fileName }) {
                pixels += image.pixels
                labels.append(UInt8(label))
            }
        }
        var name = URL(fileURLWithPath: source).lastPathComponent
        for suffix in [".tar.gz", ".tgz", ".tar"] where name.lowercased().hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) }
        return try LabeledImages(name: name, width: size.width, height: size.height,
                                 pixels: pixels, labels: labels, classNames: classNames)
    }
}
