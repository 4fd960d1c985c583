/// The last n symbols (actions or rewards, each 0, 1 or 2) packed as one base-3 number, oldest digit first:
/// code = s(t−n)·3^(n−1) + … + s(t−1). This is the digit order of the authors' Q-table.
///
/// Actions: 0 = −step, 1 = none, 2 = +step. Rewards: 0 = −1, 1 = neutral (no reward yet), 2 = +1.
public struct HistoryCoding: Sendable, Equatable {
    /// Longest history whose code still fits a UInt8 (3^5 = 243).
    public static let maximumLength = 5

    public let length: Int
    /// 3^length: the number of distinct codes.
    public let codeCount: Int

    public init(length: Int) {
        precondition((1...Self.maximumLength).contains(length), "history length must be 1...\(Self.maximumLength)")
        self.length = length
        codeCount = (0..<length).reduce(1) { product, _ in product * 3 }
    }

    /// Every symbol "none"/"neutral" (1): the state at t = 0.
    public var initialCode: UInt8 { UInt8((codeCount - 1) / 2) }

    /// The code after `symbol` joins the history and the oldest symbol leaves it: (3 · code + symbol) mod 3^n.
    /// 3 · code + symbol < 3 · 3^n, so the remainder is two compare-and-subtracts, which vectorise where a
    /// division would not (every synapse pushes its action every iteration).
    @inline(__always)
    public func pushing(_ symbol: UInt8, onto code: UInt8) -> UInt8 {
        let shifted = UInt16(code) &* 3 &+ UInt16(symbol)
        let modulus = UInt16(truncatingIfNeeded: codeCount)
        let once = shifted >= modulus ? modulus : 0
        let twice = shifted >= 2 &* modulus ? modulus : 0
        return UInt8(truncatingIfNeeded: shifted &- once &- twice)
    }

    /// The symbols of `code`, oldest first.
    public func symbols(of code: UInt8) -> [UInt8] {
        var rest = Int(code)
        var digits = [UInt8](repeating: 0, count: length)
        for position in stride(from: length - 1, through: 0, by: -1) {
            digits[position] = UInt8(rest % 3)
            rest /= 3
        }
        return digits
    }

    /// The code of `symbols`, oldest first.
    public func code(of symbols: [UInt8]) -> UInt8 {
        precondition(symbols.count == length && symbols.allSatisfy { $0 < 3 }, "history symbols must be \(length) values in 0...2")
        return UInt8(symbols.reduce(0) { $0 * 3 + Int($1) })
    }
}

/// The symbols of the action space and of the global reward.
public enum ActionSymbol {
    public static let decrement: UInt8 = 0
    public static let none: UInt8 = 1
    public static let increment: UInt8 = 2
}

public enum RewardSymbol {
    public static let penalty: UInt8 = 0
    public static let neutral: UInt8 = 1
    public static let bonus: UInt8 = 2
}
