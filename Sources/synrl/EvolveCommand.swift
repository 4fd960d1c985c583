import ArgumentParser
import Foundation
import SynapticRL
import SynapticRLExperiments
import SynapticRLCommandSupport

struct EvolveCommand: LibraryCommand {
    static let configuration = CommandConfiguration(
        commandName: "evolve",
        abstract: "Search for the static shared table that trains best over a distribution of tasks (separable CMA-ES).",
        discussion: """
            Each generation samples candidates (tables, and ε or a step factor if asked), applies each statically on \
            that generation's fresh tasks (2-D boundaries with seeds ≥ 2^32, short OCR runs on subsets of the data \
            set's test file), the same tasks for every candidate, and scores it by the mean normalised area under \
            its loss curve, (1/T) Σ L_t / L_0 (lower is better). Writes OUT/generations.csv (best, mean and worst \
            fitness, σ, evaluations, seconds per generation), OUT/policies/generation-NNNN.json (each generation's \
            best, with provenance), OUT/best-policy.json, OUT/mean-policy.json (the search distribution's mean), \
            OUT/checkpoint.json after every generation (--resume continues bit for bit after any stop, kill -9 \
            included) and summary.json. Results are the same bits on any --threads (and any process count with \
            synrl-mpi evolve). Figures: make figures RUN=OUT.
            """)

    @OptionGroup var search: EvolveOptions
    @OptionGroup var output: RunFolderOptions<Folder>
    @OptionGroup var resuming: SearchResumeOption
    @OptionGroup var narration: QuietOption

    enum Folder: RunFolderKind {
        static let name = "evolve"
        static let isSeeded = true
        static let contents = "configuration.json, generations.csv, policies/, best-policy.json, mean-policy.json, checkpoint.json, summary.json"
        static let resumedBy: String? = "synrl evolve --resume"
    }

    func validate() throws { try resuming.check(against: output) }

    func execute() throws {
        narration.apply()
        _ = try search.configuration()  // every flag checked before a folder is claimed
        let folder = try output.folder(seed: search.seed)
        try OutputPaths.check(outputs: [], inputs: search.data.map { [("--data", URL(fileURLWithPath: $0))] } ?? [], runFolder: folder)
        try resuming.claim(folder, output: output)
        if let code = try EvolveSession.run(search, folder: folder, resume: resuming.resume, share: .alone, quiet: narration.quiet) {
            throw ExitCode(code)
        }
    }
}
