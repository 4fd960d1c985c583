import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// The presets and step schedules the commands share, as the paper (§3) and the authors' code define them.
@Suite struct PresetTests {
    @Test func scheduleHalvesOnlyWithHiddenUnits() throws {
        #expect(StepSchedule.paper(hiddenLayers: 1) == (try StepSchedule(parsing: "60000:0.5")))
        #expect(StepSchedule.authorsCode(hiddenLayers: 2) == (try StepSchedule(parsing: "100000:0.5")))
        #expect(StepSchedule.paper(hiddenLayers: 0).changes.isEmpty)
        #expect(StepSchedule.authorsCode(hiddenLayers: 0).changes.isEmpty)
    }

    /// Rounded to the nearest iteration, never below 1 (Table 1 at --iterations-scale 0.01 halves at 600).
    @Test func scheduleScales() throws {
        let schedule = try StepSchedule(parsing: "60000:0.5,100001:0.25")
        #expect(schedule.scaled(by: 0.01) == (try StepSchedule(parsing: "600:0.5,1000:0.25")))
        #expect(StepSchedule.paper(hiddenLayers: 1).scaled(by: 1e-9) == (try StepSchedule(parsing: "1:0.5")))
        #expect(schedule.scaled(by: 1) == schedule)
    }

    @Test func paperPreset() {
        var configuration = ClassificationExperiment.Configuration()
        configuration.hiddenUnits = [32]
        configuration.apply(.paper)
        #expect(configuration.settings.biasStepMultiplier == 1)
        #expect(configuration.reevaluateAtSwitch)
        #expect(configuration.schedule == .paper(hiddenLayers: 1))
        #expect(configuration.settings == ClassificationExperiment.Configuration().settings)  // the defaults are the paper's
    }

    @Test func authorsPreset() {
        var configuration = ClassificationExperiment.Configuration()
        configuration.hiddenUnits = [32]
        configuration.apply(.authors)
        #expect(configuration.settings.biasStepMultiplier == 2)
        #expect(!configuration.reevaluateAtSwitch)
        #expect(configuration.schedule.changes == [.init(iteration: 100_000, factor: 0.5)])
        configuration.hiddenUnits = []
        configuration.apply(.authors)
        #expect(configuration.schedule.changes.isEmpty)
    }
}
