/// Names users may give nets and data sets.
enum NameRules {
    /// A command's name would make the bare name run the command instead of showing the value.
    static func checkNewName(_ name: String, at range: SourceRange) throws(LanguageError) {
        if CommandCatalogue.spec(named: name) != nil {
            throw .reservedName(name: name, at: range)
        }
    }
}
