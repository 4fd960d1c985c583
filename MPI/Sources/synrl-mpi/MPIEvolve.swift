import ArgumentParser
import Foundation
import SynapticRL
import SynapticRLExperiments
import SynapticRLCommandSupport

/// `mpirun -np P synrl-mpi evolve …`: synrl evolve with each generation's runs shared out over P processes. Every
/// process runs the same CMA-ES; each runs its share of the (candidate, task) jobs and one allreduce per generation
/// adds up their figures, so the search is bit-identical for any P and to synrl evolve with the same flags.
struct MPIEvolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evolve",
        abstract: "Search for the best static shared table (synrl evolve), each generation's runs shared out over the MPI processes.",
        discussion: "The flags mean what they mean for synrl evolve. Rank 0 writes the run folder; --resume (any number of processes) or synrl evolve --resume continues it.")

    @OptionGroup var search: EvolveOptions
    @OptionGroup var output: RunFolderOptions<Folder>
    @OptionGroup var resuming: SearchResumeOption
    @OptionGroup var narration: QuietOption

    enum Folder: RunFolderKind {
        static let name = "evolve-mpi"
        static let isSeeded = true
        static let contents = "written by rank 0: configuration.json, generations.csv, policies/, best-policy.json, mean-policy.json, checkpoint.json, summary.json"
        static let resumedBy: String? = "synrl-mpi evolve --resume (any number of processes) or synrl evolve --resume"
    }

    func validate() throws { try resuming.check(against: output) }

    func run() throws {
        narration.apply()
        var stoppedCode: Int32?
        try MPISession.run {
            _ = try search.configuration()
            let folder = try output.folder(seed: search.seed)  // rank 0's is used
            if MPIWorld.rank == 0 { try resuming.claim(folder, output: output) }
            MPIWorld.barrier()  // the others read the checkpoint only once rank 0 holds the folder
            let share = PolicySearch.ProcessShare(rank: MPIWorld.rank, size: MPIWorld.size, sum: MPIWorld.sum)
            stoppedCode = try EvolveSession.run(search, folder: folder, resume: resuming.resume, share: share,
                                                quiet: narration.quiet || MPIWorld.rank != 0)
        }
        if let stoppedCode { throw ExitCode(stoppedCode) }  // after MPI_Finalize
    }
}
