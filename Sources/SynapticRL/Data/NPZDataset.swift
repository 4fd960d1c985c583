import Foundation
import ZIPFoundation

/// The authors' `notMNIST.npz`: a zip of `images.npy` (uint8, (N, rows, columns)) and `labels.npy` (integers).
public enum NPZDataset {
    public static let letterNames = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]

    public static func load(_ url: URL) throws -> LabeledImages {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw SynapticRLError.invalidData("\(url.path): not a readable .npz (zip) archive")
        }
        func array(_ name: String) throws -> NPYArray {
            guard let entry = archive["\(name).npy"] else { throw SynapticRLError.invalidData("\(url.path): no \(name).npy inside") }
            var data = Data()
            do {
                _ = try archive.extract(entry) { data.append($0) }
            } catch {
                throw SynapticRLError.invalidData("\(url.path): \(name).npy is corrupt or truncated")
            }
            return try NPYArray.decode(data, what: "\(url.path) \(name).npy")
        }
        let images = try array("images")
        let labels = try array("labels")
        guard images.shape.count == 3 else {
            throw SynapticRLError.invalidData("\(url.path): images must be (N, rows, columns), found shape \(images.shape)")
        }
        guard labels.shape.count == 1, labels.shape[0] == images.shape[0] else {
            throw SynapticRLError.invalidData("\(url.path): \(images.shape[0]) images but labels of shape \(labels.shape)")
        }
        guard images.values.allSatisfy({ (0...255).contains($0) }) else {
            throw SynapticRLError.invalidData("\(url.path): images must be uint8")
        }
        if let bad = labels.values.first(where: { !(0...254).contains($0) }) {
            throw SynapticRLError.invalidData("\(url.path): label \(bad) out of range 0...254")
        }
        let classCount = max(Int(labels.values.max() ?? 0) + 1, 2)
        let names = classCount <= letterNames.count ? Array(letterNames.prefix(classCount)) : (0..<classCount).map(String.init)
        return try LabeledImages(name: url.deletingPathExtension().lastPathComponent, width: images.shape[2],
                                 height: images.shape[1], pixels: images.values.map { UInt8($0) },
                                 labels: labels.values.map { UInt8($0) }, classNames: names)
    }
}
