import ArgumentParser
import Foundation
import SynapticRL
import SynapticRLExperiments
import SynapticRLCommandSupport

struct EvalCommand: LibraryCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score the weights of a run folder on a data set (its training images, and its test split if any).")

    @Option(name: .customLong("run"), help: "A run folder written by synrl train (holds weights.bin).")
    var runFolder: String
    @OptionGroup var dataSet: DataSetOption

    func execute() throws {
        let network = try WeightsFile.load(from: RunFolderWriter(folder: try pathFlag(runFolder, "--run")).url(of: .weights))
        let loaded = try DataSource.load(path: dataSet.data)
        for images in [loaded.train] + (loaded.test.map { [$0] } ?? []) {
            let score = try Evaluation.score(network, on: images)
            print(String(format: "%@: %d images, accuracy %.2f%%, loss %.4f", images.name, images.count,
                         score.accuracy * 100, score.loss))
        }
    }
}
