/// Names users may give nets and data sets.
enum NameRules {
    /// A command's name would make the bare name run the command instead of showing the value.
    static func checkNewName(_ name: String, at range: SourceRange) throws {
        if CommandCatalogue.spec(named: name) != nil {
            throw Diagnostic(
                .nameError, "'\(name)' is a command, so it cannot name a net or data set", at: range,
                notes: ["choose another name, such as '\(name)1'"])
        }
    }
}
