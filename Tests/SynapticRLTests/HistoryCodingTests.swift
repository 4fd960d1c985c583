import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

@Suite struct HistoryCodingTests {
    @Test func initialCodeIsAllNone() {
        for length in 1...HistoryCoding.maximumLength {
            let coding = HistoryCoding(length: length)
            #expect(coding.symbols(of: coding.initialCode) == [UInt8](repeating: 1, count: length))
        }
    }

    @Test func pushDropsTheOldestSymbol() {
        let coding = HistoryCoding(length: 2)
        let code = coding.code(of: [0, 2])  // a(t−2) = −, a(t−1) = +
        #expect(code == 2)
        #expect(coding.symbols(of: coding.pushing(1, onto: code)) == [2, 1])
    }

    /// The division-free push against its definition, for every length, code and symbol.
    @Test func pushIsTheBaseThreeShiftModuloTheCodeCount() {
        for length in 1...HistoryCoding.maximumLength {
            let coding = HistoryCoding(length: length)
            for code in 0..<coding.codeCount {
                for symbol in 0...2 {
                    #expect(Int(coding.pushing(UInt8(symbol), onto: UInt8(code))) == (3 * code + symbol) % coding.codeCount)
                    #expect(coding.symbols(of: coding.pushing(UInt8(symbol), onto: UInt8(code)))
                            == Array(coding.symbols(of: UInt8(code)).dropFirst()) + [UInt8(symbol)])
                }
            }
        }
    }

    @Test func everyCodeRoundTripsAndStaysBelowTheCount() {
        for length in 1...HistoryCoding.maximumLength {
            let coding = HistoryCoding(length: length)
            for code in 0..<coding.codeCount {
                #expect(coding.code(of: coding.symbols(of: UInt8(code))) == UInt8(code))
                for symbol in UInt8(0)...2 { #expect(Int(coding.pushing(symbol, onto: UInt8(code))) < coding.codeCount) }
            }
        }
    }
}
