import Foundation
import SynapticRL

/// A run's introspection at each report, as two files of its folder, each rewritten atomically after every report
/// as metrics.csv is (a run killed at any moment leaves complete files of the reports so far):
/// - `visits.csv`: per visited state, its share of the synapses and the share of them taking each action there;
/// - `layers.csv`: per weight layer, the action shares and mean |Δw| of the report's iteration and, for a hidden
///   layer, the share of its units active on the minibatch (`HiddenActivity`).
/// A hidden layer that falls silent (no active unit) is named on standard error when it does.
final class RunIntrospection {
    private let visits: CSVLines?
    private let layers: CSVLines?
    private var watch = SilentLayerWatch()
    private let warn: (String) -> Void

    /// `resumedRows`: a resumed run's metrics rows' iterations (its checkpoint's): its files keep those reports' lines.
    init(folder: RunFolderWriter?, actionSet: RuleActionSet, resumedRows: Set<Int>? = nil,
         warn: @escaping (String) -> Void = RunIntrospection.standardError) {
        let actions = Self.actionColumns(actionSet)
        visits = folder.map { CSVLines(url: $0.url(of: .visits), header: "iteration,state,description,synapse_fraction," + actions,
                                       resumedRows: resumedRows) }
        layers = folder.map { CSVLines(url: $0.url(of: .layers),
                                       header: "iteration,layer,synapses," + actions + ",mean_abs_dw,active_fraction",
                                       resumedRows: resumedRows) }
        self.warn = warn
    }

    /// The action columns: decrement/none/increment for three actions, minus2…plus2 for five.
    static func actionColumns(_ actionSet: RuleActionSet) -> String {
        (0..<actionSet.count).map { action in
            switch actionSet.level(of: action) {
            case 0: return "none_fraction"
            case let level where actionSet.count == 3: return level < 0 ? "decrement_fraction" : "increment_fraction"
            case let level: return (level < 0 ? "minus\(-level)" : "plus\(level)") + "_fraction"
            }
        }.joined(separator: ",")
    }

    /// The report after `iteration`: the trainer's census and the hidden layers' activity on `batch`.
    func record(after iteration: Int, trainer: SynapticTrainer, batch: Batch, threads: Int) throws {
        let census = trainer.census()
        let active = try HiddenActivity.activeShares(of: trainer.network, on: batch, threads: threads)
        for line in watch.check(activeShares: active, iteration: iteration, units: trainer.network.sizes) { warn(line) }
        guard let visits, let layers else { return }
        let space = trainer.stateSpace
        // Row 0 (no move yet) writes the header alone, so both files are there from the start.
        try visits.append(zip(census.visits ?? [], census.visitShares).map { visit, share in
            ([String(iteration), String(visit.state), Self.describe(visit.state, in: space, actionSet: trainer.rule.actions),
              Self.format(share)] + visit.actionCounts.map { Self.format(Double($0) / Double(visit.synapses)) })
                .joined(separator: ",")
        })
        try layers.append(census.layers.enumerated().map { layer, row in
            ([String(iteration), String(layer), String(row.synapses)] + row.actionShares.map(Self.format)
             + ["\(row.meanAbsoluteChange)", layer < active.count ? Self.format(active[layer]) : ""]).joined(separator: ",")
        })
    }

    /// A state in words, without commas: "layer 1 bias w<0 input active | actions - + | rewards +1 -1" (the parts
    /// the rule has; "input active"/"input quiet": the presynaptic-activity feature).
    static func describe(_ state: Int, in space: RuleStateSpace, actionSet: RuleActionSet) -> String {
        let parts = space.describe(state: state)
        var words: [String] = []
        if space.features.layerTables { words.append("layer \(parts.layer)") }
        if let isBias = parts.isBias { words.append(isBias ? "bias" : "input") }
        if let negative = parts.negative { words.append(negative ? "w<0" : "w>=0") }
        if let active = parts.active { words.append(active ? "input active" : "input quiet") }
        let actionNames = parts.actions.map { action -> String in
            let level = actionSet.level(of: action)
            return level == 0 ? "0" : String(repeating: level < 0 ? "-" : "+", count: abs(level))
        }
        let rewardNames = parts.rewards.map { ["-1", "0", "+1"][$0] }
        var text = words.joined(separator: " ")
        if !parts.actions.isEmpty { text += (text.isEmpty ? "" : " | ") + "actions " + actionNames.joined(separator: " ") }
        if !parts.rewards.isEmpty { text += (text.isEmpty ? "" : " | ") + "rewards " + rewardNames.joined(separator: " ") }
        return text.isEmpty ? "single state" : text
    }

    private static func format(_ value: Double) -> String { String(format: "%.6f", value) }

    /// On a terminal the line first clears a progress bar drawn in place (`\r`, erase line); the bar redraws after it.
    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data(((isatty(2) == 1 ? "\r\u{1B}[K" : "") + line + "\n").utf8))
    }
}

/// Names a hidden layer when it falls silent (no unit active on the minibatch), once per fall: again only after
/// it revived.
struct SilentLayerWatch {
    private var silent: Set<Int> = []

    /// A layer none of whose units is active on the minibatch (its `HiddenActivity` share is 0) is silent; the
    /// same test decides `synrl evaluate-policies`'s live hidden layers.
    static func isSilent(_ activeShare: Double) -> Bool { activeShare == 0 }

    /// The warning lines for the layers silent now that were not at the previous check. `units` is the network's
    /// sizes (hidden layer l has units[l + 1] units).
    mutating func check(activeShares: [Double], iteration: Int, units: [Int]) -> [String] {
        var lines: [String] = []
        for (layer, share) in activeShares.enumerated() {
            if Self.isSilent(share) {
                if silent.insert(layer).inserted {
                    lines.append("warning: hidden layer \(layer + 1) (\(units[layer + 1]) units) fell silent at iteration "
                        + "\(iteration): no unit is active on the minibatch, so the layers after it see a constant")
                }
            } else {
                silent.remove(layer)
            }
        }
        return lines
    }
}

/// A CSV file of a run folder that grows by lines at each report, rewritten whole and atomically each time. Every
/// line starts with its iteration; a resumed run keeps the lines of the reports its checkpoint's metrics rows hold
/// (not those of reports after the checkpoint, nor a stop's extra one), as its metrics.csv does.
final class CSVLines {
    let url: URL
    let header: String
    private(set) var lines: [String] = []

    init(url: URL, header: String, resumedRows: Set<Int>?) {
        (self.url, self.header) = (url, header)
        guard let resumedRows, let text = try? String(contentsOf: url, encoding: .utf8) else { return }
        lines = text.split(separator: "\n").dropFirst().map(String.init).filter { line in
            line.split(separator: ",", maxSplits: 1).first.flatMap { Int($0) }.map(resumedRows.contains) ?? false
        }
    }

    func append(_ new: [String]) throws {
        lines += new
        try AtomicFile.write(Data((([header] + lines).joined(separator: "\n") + "\n").utf8), to: url)
    }
}
