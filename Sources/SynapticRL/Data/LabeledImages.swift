/// A classification data set of 8-bit grayscale images, sample-major: image i is
/// pixels[i · pixelsPerImage ..< (i + 1) · pixelsPerImage], its class labels[i] in 0..<classNames.count.
public struct LabeledImages: Sendable, Equatable {
    public let name: String
    public let width: Int
    public let height: Int
    public let pixels: [UInt8]
    public let labels: [UInt8]
    public let classNames: [String]

    public init(name: String, width: Int, height: Int, pixels: [UInt8], labels: [UInt8], classNames: [String]) throws {
        guard width >= 1, height >= 1 else { throw SynapticRLError.invalidData("\(name): empty image size \(width)×\(height)") }
        let (imageSize, sizeOverflow) = width.multipliedReportingOverflow(by: height)
        let (expected, countOverflow) = labels.count.multipliedReportingOverflow(by: imageSize)
        guard !sizeOverflow, !countOverflow, pixels.count == expected else {
            throw SynapticRLError.invalidData(sizeOverflow ? "\(name): implausible image size \(width)×\(height)"
                : "\(name): \(labels.count) labels but \(pixels.count / imageSize) images of \(width)×\(height)")
        }
        guard !labels.isEmpty else { throw SynapticRLError.invalidData("\(name): no images") }
        if let bad = labels.first(where: { Int($0) >= classNames.count }) {
            throw SynapticRLError.invalidData("\(name): label \(bad) out of range 0...\(classNames.count - 1)")
        }
        self.name = name
        self.width = width
        self.height = height
        self.pixels = pixels
        self.labels = labels
        self.classNames = classNames
    }

    public var count: Int { labels.count }
    public var pixelsPerImage: Int { width * height }
    public var classCount: Int { classNames.count }

    public var countsPerClass: [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[Int(label)] += 1 }
        return counts
    }

    /// The images at `indices`, in that order.
    public func subset(_ indices: [Int], name: String? = nil) throws -> LabeledImages {
        var chosen = [UInt8]()
        chosen.reserveCapacity(indices.count * pixelsPerImage)
        for index in indices { chosen += pixels[(index * pixelsPerImage)..<((index + 1) * pixelsPerImage)] }
        return try LabeledImages(name: name ?? self.name, width: width, height: height, pixels: chosen,
                                 labels: indices.map { labels[$0] }, classNames: classNames)
    }
}
