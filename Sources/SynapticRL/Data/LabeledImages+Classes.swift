/// The one check of a loaded data set's classes, for every format (IDX, npz, letter folders and archives):
/// labels are trusted nowhere else. A stray label must not silently widen the network by empty classes, and
/// one class is nothing to classify.
extension LabeledImages {
    /// The class count of training labels, classes 0...max label, after `checkClasses`; `what` names the data.
    package static func classCount(labels: [UInt8], what: String) throws -> Int {
        guard let largest = labels.max() else { throw SynapticRLError.invalidData("\(what): no images") }
        var imagesPerClass = [Int](repeating: 0, count: Int(largest) + 1)
        for label in labels { imagesPerClass[Int(label)] += 1 }
        try checkClasses(imagesPerClass, names: nil, what: what)
        return imagesPerClass.count
    }

    /// Refuses more classes than a byte label can name, fewer than two, or a class without images;
    /// `names` (the letter folders' class names) name the classes in the message, else their numbers.
    package static func checkClasses(_ imagesPerClass: [Int], names: [String]?, what: String) throws {
        func name(_ label: Int) -> String { names.map { $0[label].oneLine } ?? String(label) }
        guard imagesPerClass.count <= 256 else {
            throw SynapticRLError.invalidData("\(what): \(imagesPerClass.count) classes, more than the 256 a byte label can name")
        }
        guard imagesPerClass.count >= 2 else {
            let only = imagesPerClass.isEmpty ? "no class" : "only one class (\(name(0)))"
            throw SynapticRLError.invalidData("\(what): \(only); a classifier needs two at least")
        }
        if let empty = imagesPerClass.firstIndex(of: 0) {
            throw SynapticRLError.invalidData("\(what): class \(name(empty)) has no images")
        }
    }
}
