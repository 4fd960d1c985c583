import Foundation
import Testing
@testable import SynapticRL

/// Rule files: every part round-trips, a missing part is the default rule's, and a bad file gets one line
/// naming the problem.
@Suite struct RuleFileTests {
    func decode(_ text: String) throws -> RuleFile { try RuleFile.decode(Data(text.utf8)) }

    func message(_ text: String) -> String? {
        do {
            _ = try decode(text)
            return nil
        } catch let error as SynapticRLError {
            return error.detail
        } catch {
            return "\(error)"
        }
    }

    @Test func everyPartRoundTrips() throws {
        var rule = SynapticRule()
        rule.state = RuleStateFeatures(actionHistory: 3, rewardHistory: 1, weightSign: true, synapseKind: true, layerTables: true,
                                       presynapticActivity: true)
        rule.actions = .fiveLevel
        rule.reward = .thresholded(tau: 0.001)
        rule.policy = .boltzmann
        rule.learning = .sarsa(rate: 0.05, discount: 0.5)
        rule.epsilon = .linear(from: 0.3, to: 0.01, iterations: 1000)
        rule.temperature = .exponential(from: 1, rate: 0.999, minimum: 0.01)
        rule.step = .adaptive(start: 1e-3, target: 0.2, factor: 1.5, window: 20, minimum: 1e-6, maximum: 1e-1)
        rule.biasStepMultiplier = 2
        let file = RuleFile(name: "everything", rule: rule)
        #expect(try RuleFile.decode(file.encoded()) == file)

        var fixed = SynapticRule()
        fixed.policy = .fixed(.table([Int](repeating: 2, count: 81)))
        fixed.learning = .none
        fixed.step = .piecewise(start: 1e-4, changes: [.init(iteration: 60_000, factor: 0.5)])
        fixed.reward = .graded
        let named = RuleFile(name: "fixed", rule: fixed)
        #expect(try RuleFile.decode(named.encoded()) == named)
    }

    @Test func aMissingPartIsTheDefaultRules() throws {
        let file = try decode(#"{"format": "synaptic-rl-rule", "version": 1, "rule": {"reward": {"kind": "ties-neutral"}}}"#)
        var expected = SynapticRule()
        expected.reward = .tiesNeutral
        #expect(file.rule == expected)
        #expect(file.name == "unnamed rule")
        let paper = try decode(#"{"format": "synaptic-rl-rule", "version": 1, "rule": {}}"#)
        #expect(paper.rule == SynapticRule())
        #expect(file.rule.isPaperRule, "the paper's kernels take any reward")
    }

    @Test func badFilesAreNamedInOneLine() throws {
        let cases: [(String, String)] = [
            (#"[1, 2]"#, "not a JSON object"),
            (#"{"format": "synaptic-rl-policy", "version": 1, "rule": {}}"#, "expected \"synaptic-rl-rule\""),
            (#"{"format": "synaptic-rl-rule", "version": 9, "rule": {}}"#, "unsupported version 9"),
            (#"{"format": "synaptic-rl-rule", "version": 1}"#, "rule is missing"),
            (#"{"format": "synaptic-rl-rule", "version": 1, "rule": {"reward": {"kind": "sometimes"}}}"#,
             "rule.reward.kind: unknown reward kind \"sometimes\""),
            (#"{"format": "synaptic-rl-rule", "version": 1, "rule": {"actions": "seven"}}"#, "unknown action set \"seven\""),
            (#"{"format": "synaptic-rl-rule", "version": 1, "rule": {"state": {"actionHistory": 6}}}"#, "actionHistory must be 0...5"),
            (#"{"format": "synaptic-rl-rule", "version": 1, "rule": {"state": {"actionHistory": 5, "rewardHistory": 5, "weightSign": true}, "actions": "five-level"}}"#,
             "states is more than"),
            (#"{"format": "synaptic-rl-rule", "version": 1, "rule": {"epsilon": {"kind": "constant", "value": 1.5}}}"#,
             "epsilon schedule: the value must be in [0.0, 1.0]"),
            (#"{"format": "synaptic-rl-rule", "version": 1, "rule": {"epsilon": {"kind": "adaptive", "start": 0.1}}}"#,
             "only the step may follow an adaptive schedule"),
            (#"{"format": "synaptic-rl-rule", "version": 1, "rule": {"policy": {"kind": "fixed", "map": [0, 1]}, "learning": {"kind": "none"}}}"#,
             "lists 2 actions for 81 states"),
            (#"{"format": "synaptic-rl-rule", "version": 1, "rule": {"policy": {"kind": "fixed", "map": "repeat-or-reverse"}}}"#,
             "its learning must be \"none\""),
            (#"{"format": "synaptic-rl-rule", "version": 1, "rule": {"learning": {"kind": "sarsa", "rate": 2}}}"#,
             "learning rate must be in (0, 1]"),
            (#"{"format": "synaptic-rl-rule", "version": 1, "rule": {"reward": {"kind": "thresholded"}}}"#, "rule.reward.tau is missing"),
            (#"{"format": "synaptic-rl-rule", "version": 1, "rule": {"step": {"kind": "linear", "from": 1, "to": 2, "iterations": 0}}}"#,
             "iterations must be ≥ 1"),
        ]
        for (text, expected) in cases {
            let line = message(text)
            #expect(line?.contains(expected) == true, "\(text) → \(line ?? "accepted")")
            #expect(line?.contains("\n") == false)
        }
    }

    /// The shorthand flags' rule is the paper's rule, and runs on the paper's kernels.
    @Test func theSettingsShorthandIsThePaperRule() throws {
        var settings = SynapticSettings()
        settings.historyLength = 3
        settings.adaptive = false
        let rule = SynapticRule(settings: settings, stepSchedule: try StepSchedule(parsing: "100:0.5,200:0.5"))
        #expect(rule.isPaperRule)
        #expect(rule.learning == .none && rule.state.actionHistory == 3 && rule.state.rewardHistory == 3)
        #expect(rule.step.value(at: 99, adapted: 0) == settings.step && rule.step.value(at: 200, adapted: 0) == settings.step * 0.5 * 0.5)
        #expect(rule.settings(threads: 2) == { var s = settings; s.threads = 2; return s }())
        var general = rule
        general.state.weightSign = true
        #expect(!general.isPaperRule)
    }

    /// Schedules: linear reaches its end and stays, exponential stops at its floor, the adaptive step grows on a
    /// rewarded window and shrinks on a penalised one.
    @Test func schedulesTakeTheirValues() {
        let linear = RuleSchedule<Double>.linear(from: 1, to: 0, iterations: 4)
        #expect((1...6).map { linear.value(at: $0, adapted: 0) } == [1, 0.75, 0.5, 0.25, 0, 0])
        let exponential = RuleSchedule<Double>.exponential(from: 1, rate: 0.5, minimum: 0.2)
        #expect((1...4).map { exponential.value(at: $0, adapted: 0) } == [1, 0.5, 0.25, 0.2])
        let adaptive = RuleSchedule<Float>.adaptive(start: 1, target: 0.5, factor: 2, window: 2, minimum: 0.25, maximum: 4)
        var state = RuleScheduleState(step: 1)
        for reward in [1.0, 1, 1, -1, -1, -1, -1, -1, -1, -1] { state.record(reward: reward, schedule: adaptive) }
        // windows: (+,+) → 2; (+,−) share 0.5 = target → 2; (−,−) → 1; (−,−) → 0.5; (−,−) → 0.25 (the floor)
        #expect(state.step == 0.25)
        state.record(reward: 1, schedule: adaptive)
        state.record(reward: 1, schedule: adaptive)
        #expect(state.step == 0.5)
    }
}
