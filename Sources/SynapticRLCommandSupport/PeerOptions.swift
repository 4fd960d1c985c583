import ArgumentParser
import SynapticRL
import SynapticRLExperiments

/// The hyper-parameters of the hillclimb, spsa, es and signsgd methods (`PeerSettings`), shared by synrl train and synrl compare.
/// Defaults are the library's; a flag given to another method is refused rather than silently ignored.
public struct PeerOptions: ParsableArguments {
    private static let defaults = PeerSettings()

    @Option(name: .customLong("spsa-a"), help: "spsa: the gain a of a_k = a / (k + A)^α (default \(PeerOptions.defaults.spsaGain)).")
    public var spsaGain: Double?
    @Option(name: .customLong("spsa-c"), help: "spsa: the perturbation c of c_k = c / k^γ (default \(PeerOptions.defaults.spsaPerturbation)).")
    public var spsaPerturbation: Double?
    @Option(name: .customLong("spsa-A"), help: "spsa: the stability constant A (default \(PeerOptions.defaults.spsaStability)).")
    public var spsaStability: Double?
    @Option(name: .customLong("spsa-averages"), help: "spsa: two-sided estimates averaged per step, each two evaluations (default \(PeerOptions.defaults.spsaAverages)).")
    public var spsaAverages: Int?
    @Option(help: "es: population size, even (antithetic pairs) (default \(PeerOptions.defaults.population)).")
    public var population: Int?
    @Option(help: "es: the perturbations' standard deviation σ (default \(PeerOptions.defaults.esSigma)).")
    public var sigma: Float?
    @Option(name: .customLong("es-learning-rate"), help: "es: Adam's learning rate on the estimate (default \(PeerOptions.defaults.esLearningRate)).")
    public var esLearningRate: Float?
    @Option(name: .customLong("weight-decay"), help: "es: decoupled weight decay per step (default \(PeerOptions.defaults.esWeightDecay): none).")
    public var weightDecay: Float?

    @Option(name: .customLong("hillclimb-step"), help: "hillclimb: the move of every synapse (default \(PeerOptions.defaults.hillclimbStep)).")
    public var hillclimbStep: Float?
    @Option(name: .customLong("signsgd-step"), help: "signsgd: the move of every synapse against its gradient's sign (default \(PeerOptions.defaults.signsgdStep)).")
    public var signsgdStep: Float?

    public init() {}

    /// The flags given, by the method they belong to.
    private var given: [(flag: String, method: ClassificationExperiment.Method)] {
        let flags: [(String, Bool, ClassificationExperiment.Method)] = [
            ("--spsa-a", spsaGain != nil, .spsa), ("--spsa-c", spsaPerturbation != nil, .spsa),
            ("--spsa-A", spsaStability != nil, .spsa), ("--spsa-averages", spsaAverages != nil, .spsa),
            ("--population", population != nil, .es), ("--sigma", sigma != nil, .es),
            ("--es-learning-rate", esLearningRate != nil, .es), ("--weight-decay", weightDecay != nil, .es),
            ("--hillclimb-step", hillclimbStep != nil, .hillclimb), ("--signsgd-step", signsgdStep != nil, .signsgd),
        ]
        return flags.filter(\.1).map { ($0.0, $0.2) }
    }

    /// The flags into `settings`; `methods` are those the run trains (synrl compare: several), and a flag of a
    /// method outside them is refused.
    public func apply(to settings: inout PeerSettings, methods: [ClassificationExperiment.Method]) throws {
        if let (flag, method) = given.first(where: { !methods.contains($0.method) }) {
            throw ValidationError("\(flag) sets method \(method.rawValue)'s hyper-parameters: it needs --method \(method.rawValue)")
        }
        if let spsaGain { settings.spsaGain = spsaGain }
        if let spsaPerturbation { settings.spsaPerturbation = spsaPerturbation }
        if let spsaStability { settings.spsaStability = spsaStability }
        if let spsaAverages { settings.spsaAverages = spsaAverages }
        if let population { settings.population = population }
        if let sigma { settings.esSigma = sigma }
        if let esLearningRate { settings.esLearningRate = esLearningRate }
        if let weightDecay { settings.esWeightDecay = weightDecay }
        if let hillclimbStep { settings.hillclimbStep = hillclimbStep }
        if let signsgdStep { settings.signsgdStep = signsgdStep }
        do {
            try settings.validate()
        } catch let error as SynapticRLError {
            throw ValidationError(error.detail)
        }
    }
}
