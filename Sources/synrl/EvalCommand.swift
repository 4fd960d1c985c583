import ArgumentParser
import Foundation
import SynapticRL
import SynapticRLExperiments
import SynapticRLCommandSupport

struct EvalCommand: LibraryCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score a synrl train run's weights on the run's own training and validation halves (or its test split).",
        discussion: """
            The halves are re-derived from the run's configuration.json (its seed, data path and split); with \
            --data, that data set is split instead (a data set that moved). A folder of several trials scores each.
            """)

    @Option(name: .customLong("run"), help: "A run folder written by synrl train (or one of its trial-<seed> folders).")
    var runFolder: String
    @OptionGroup var dataSet: DataSetOption

    func execute() throws {
        let evaluation = try RunFolderEvaluation.score(runFolder: try pathFlag(runFolder, "--run"), dataPath: dataSet.data)
        for line in evaluation.lines { print(line) }
    }
}
