import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

@Suite struct MirrorTests {
    /// n = 1, state (a1 = −, r1 = +) is index 0·3 + 2 = 2; its mirror (a1 = +, r1 = +) is 2·3 + 2 = 8.
    /// Q[2] = (1, 2, 3), Q[8] = (5, 7, 11): Q'[2] = ((1 + 11)/2, (2 + 7)/2, (3 + 5)/2) = (6, 4.5, 4),
    /// Q'[8] = ((5 + 3)/2, (7 + 2)/2, (11 + 1)/2) = (4, 4.5, 6).
    @Test func mirrorAverageByHand() {
        var table = QTable(historyLength: 1)
        table.values[6..<9] = [1, 2, 3]
        table.values[24..<27] = [5, 7, 11]
        let mirrored = table.mirrorSymmetrized()
        #expect(Array(mirrored.values[6..<9]) == [6, 4.5, 4])
        #expect(Array(mirrored.values[24..<27]) == [4, 4.5, 6])
        #expect(mirrored.values.enumerated().filter { !(6..<9).contains($0.offset) && !(24..<27).contains($0.offset) }
            .allSatisfy { $0.element == 0 })
    }

    @Test(arguments: [1, 2, 3])
    func symmetrisedTablesAreSymmetricAndAFixedPoint(historyLength: Int) {
        var data = TestData(seed: UInt64(40 + historyLength))
        var table = QTable(historyLength: historyLength)
        table.values = data.floats(table.values.count).map(Double.init)
        let mirrored = table.mirrorSymmetrized()
        let coding = table.coding
        for state in 0..<table.stateCount {
            let flipped = coding.code(of: coding.symbols(of: UInt8(state / coding.codeCount)).map { 2 - $0 })
            let image = Int(flipped) * coding.codeCount + state % coding.codeCount
            for action in 0..<3 {
                #expect(mirrored.values[state * 3 + action] == mirrored.values[image * 3 + 2 - action])
            }
        }
        #expect(mirrored.mirrorSymmetrized() == mirrored)
    }
}
