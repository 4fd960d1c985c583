/// A metrics CSV with some columns taken out by name (the clock, columns a comparison does not hold).
enum CSVColumns {
    static func dropping(_ dropped: Set<String>, from csv: String) -> String {
        let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let keep = rows[0].indices.filter { !dropped.contains(String(rows[0][$0])) }
        return rows.map { row in keep.map { row[$0] }.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}
