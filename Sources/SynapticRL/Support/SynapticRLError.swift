/// Every failure a user can cause; each message is one line naming the problem.
public enum SynapticRLError: Error, CustomStringConvertible, Equatable {
    case invalidPolicy(String)
    case invalidParameter(String)
    case invalidData(String)
    case io(String)
    case numerical(String)

    public var description: String {
        switch self {
        case .invalidPolicy(let message): return "invalid policy: \(message)"
        case .invalidParameter(let message): return "invalid parameter: \(message)"
        case .invalidData(let message): return "invalid data: \(message)"
        case .io(let message): return message
        case .numerical(let message): return "numerical failure: \(message)"
        }
    }
}

extension SynapticRLError {
    /// The message without its category prefix, for wrapping with more context.
    public var detail: String {
        switch self {
        case .invalidPolicy(let message), .invalidParameter(let message), .invalidData(let message),
             .io(let message), .numerical(let message):
            return message
        }
    }
}
