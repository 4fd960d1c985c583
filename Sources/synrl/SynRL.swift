import ArgumentParser
import SynapticRL
import SynapticRLExperiments
import SynapticRLCommandSupport

@main
struct SynRL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synrl",
        abstract: "Gradient-free neural network training by synaptic-level reinforcement learning.",
        discussion: """
            Every weight is an agent choosing −step, 0 or +step from its last actions and the last global \
            rewards through ONE shared Q-table (Bhargava, Rezaei & Lankarany, AppliedMath 2022).
            """,
        version: "synrl \(engineVersion)",
        subcommands: [BoundaryCommand.self, TrainCommand.self, ResumeCommand.self, EvalCommand.self, ReproduceCommand.self, CompareCommand.self,
                      EvolveCommand.self, EvaluatePoliciesCommand.self])

    /// Closed or full standard streams are made harmless first; what was printed is checked at exit.
    static func main() {
        StandardStreams.prepare()
        main(nil)
    }
}
