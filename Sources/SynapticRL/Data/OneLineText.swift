extension String {
    /// The text with control characters and line breaks escaped (`\n`, `\u{1B}`…): for the names and header
    /// text a file supplies, so that an error quoting them stays one line.
    package var oneLine: String {
        unicodeScalars.map { scalar in
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: return scalar.escaped(asASCII: true)
            default: return String(scalar)
            }
        }.joined()
    }
}
