import Engine

/// What `optim` declares, derived from the registries so that validation, help
/// and completion read the same tables as the code that runs.
extension CommandCatalogue {
    static let optimizers = OptimizerRegistry.names

    /// Every option any optimizer reads, once, with what it means for the optimizers that read it.
    /// The defaults differ between optimizers, so they are in `optimizerSection`, not here.
    static let optimizerOptions: [OptionSpec] = {
        var specs: [OptionSpec] = []
        for option in OptimizerRegistry.all.flatMap(\.options)
        where !specs.contains(where: { $0.name == option.name }) {
            let users = OptimizerRegistry.all.filter { $0.option(option.name) != nil }
            // Grouped by meaning, since weight decay is not the same thing in adam and adamw.
            var meanings: [(meaning: String, users: [String])] = []
            for user in users {
                let meaning = user.option(option.name)!.meaning
                if let index = meanings.firstIndex(where: { $0.meaning == meaning }) {
                    meanings[index].users.append(user.name)
                } else {
                    meanings.append((meaning, [user.name]))
                }
            }
            let everyone = users.count == OptimizerRegistry.all.count
            let text = meanings.map { group in
                group.meaning + " ("
                    + (everyone && meanings.count == 1 ? "all" : group.users.joined(separator: ", "))
                    + ")"
            }.joined(separator: "; ")
            specs.append(OptionSpec(option.name, option.kind == .flag ? .boolean : .number, text))
        }
        return specs
    }()

    /// Each optimizer with every option at the default it runs with.
    static let optimizerSection = HelpSection(
        "Optimizers, each with every option at its default",
        OptimizerRegistry.all.map { HelpSection.Row($0.name, $0.summary, code: $0.defaultsText) })
}
