extension NumberFormat {
    /// A share (0 to 1) as a percentage with one decimal, right-aligned in four characters
    /// (` 7.4`, `30.6`, `100`), so columns and lists of them line up.
    public static func percent(_ share: Double) -> String {
        let tenths = Int((share * 1000).rounded())
        let text = tenths >= 1000 ? "100" : "\(tenths / 10).\(tenths % 10)"
        return String(repeating: " ", count: max(0, 4 - text.count)) + text
    }
}
