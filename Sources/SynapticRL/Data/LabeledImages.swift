/// A classification data set held in memory, sample-major, its class labels[i] in 0..<classNames.count: 8-bit
/// grayscale images (what every reader produces; image i is pixels[i · pixelsPerImage ..< (i + 1) · pixelsPerImage],
/// seen by a network as pixel / 255), or Float feature vectors (`init(name:features:featureCount:labels:classNames:)`,
/// seen as given, in `floatFeatures`; `pixels` is then empty and the shape featureCount × 1).
public struct LabeledImages: Sendable, Equatable {
    public let name: String
    public let width: Int
    public let height: Int
    public let pixels: [UInt8]
    /// The samples' Float features, for a data set built from them; nil for 8-bit images.
    public let floatFeatures: [Float]?
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
        floatFeatures = nil
        self.labels = labels
        self.classNames = classNames
    }

    /// Float feature vectors, sample-major: sample i is features[i · featureCount ..< (i + 1) · featureCount]. Without
    /// class names the classes are "0", "1", … up to the largest label.
    public init(name: String, features: [Float], featureCount: Int, labels: [UInt8], classNames: [String]? = nil) throws {
        guard featureCount >= 1 else { throw SynapticRLError.invalidData("\(name): a sample needs at least one feature") }
        guard !labels.isEmpty else { throw SynapticRLError.invalidData("\(name): no samples") }
        let (expected, overflow) = labels.count.multipliedReportingOverflow(by: featureCount)
        guard !overflow, features.count == expected else {
            throw SynapticRLError.invalidData("\(name): \(labels.count) labels need \(labels.count) × \(featureCount) features, got \(features.count)")
        }
        if let index = features.firstIndex(where: { !$0.isFinite }) {
            throw SynapticRLError.invalidData("\(name): feature \(index % featureCount) of sample \(index / featureCount) is \(features[index])")
        }
        let names = classNames ?? (0...Int(labels.max()!)).map(String.init)
        if let bad = labels.first(where: { Int($0) >= names.count }) {
            throw SynapticRLError.invalidData("\(name): label \(bad) out of range 0...\(names.count - 1)")
        }
        self.name = name
        (width, height, pixels, floatFeatures) = (featureCount, 1, [], features)
        self.labels = labels
        self.classNames = names
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
        if let floatFeatures {
            var chosen = [Float]()
            chosen.reserveCapacity(indices.count * pixelsPerImage)
            for index in indices { chosen += floatFeatures[(index * pixelsPerImage)..<((index + 1) * pixelsPerImage)] }
            return try LabeledImages(name: name ?? self.name, features: chosen, featureCount: pixelsPerImage,
                                     labels: indices.map { labels[$0] }, classNames: classNames)
        }
        var chosen = [UInt8]()
        chosen.reserveCapacity(indices.count * pixelsPerImage)
        for index in indices { chosen += pixels[(index * pixelsPerImage)..<((index + 1) * pixelsPerImage)] }
        return try LabeledImages(name: name ?? self.name, width: width, height: height, pixels: chosen,
                                 labels: indices.map { labels[$0] }, classNames: classNames)
    }

    /// Sample `sample`'s inputs as a network sees them (pixel / 255, or the Float features), in Double, into
    /// `values[offset...]`: for the least-squares baseline, which accumulates in Double.
    package func inputValues(ofSample sample: Int, into values: inout [Double], from offset: Int) {
        let start = sample * pixelsPerImage
        if let floatFeatures {
            for feature in 0..<pixelsPerImage { values[offset + feature] = Double(floatFeatures[start + feature]) }
        } else {
            for feature in 0..<pixelsPerImage { values[offset + feature] = Double(pixels[start + feature]) / 255 }
        }
    }
}
