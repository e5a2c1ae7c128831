extension ExecutionContext {
    /// Checks that `need` fits in the session's memory budget beside what the session holds
    /// (and the rollback copy taken for this statement); a ValueError naming the need, the
    /// holding and the budget, and how to raise it or ask for less, when it does not.
    func reserve(_ need: MemoryNeed?, for command: CommandStatement) throws(LanguageError) {
        guard let need else { return }
        try MemoryCheck.check(
            need, for: "'\(command.name)'", holding: state.heldBytes.addingSaturated(rollbackBytes),
            budget: state.memoryBudget, at: command.range)
    }
}

/// The one place a statement is refused for memory.
enum MemoryCheck {
    static func check(
        _ need: MemoryNeed, for statement: String, holding held: Int, budget: MemoryBudget,
        at range: SourceRange?
    ) throws(LanguageError) {
        guard need.bytes > 0, held.addingSaturated(need.bytes) > budget.limit else { return }
        throw .overBudget(
            LanguageError.MemoryRefusal(
                statement: statement, parts: need.parts.map { .init(what: $0.what, bytes: $0.bytes) },
                smaller: need.smaller, held: held, limit: budget.limit),
            at: range)
    }
}
