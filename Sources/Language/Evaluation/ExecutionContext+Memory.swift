extension ExecutionContext {
    /// Checks that `need` fits in the session's memory budget beside what the session holds
    /// (and the rollback copy taken for this statement); a ValueError naming the need, the
    /// holding and the budget, and how to raise it or ask for less, when it does not.
    func reserve(_ need: MemoryNeed?, for command: CommandStatement) throws {
        guard let need else { return }
        try MemoryCheck.check(
            need, for: "'\(command.name)'", holding: state.heldBytes.addingSaturated(rollbackBytes),
            budget: state.memoryBudget, at: command.range)
    }
}

/// The one place a statement is refused for memory, and the message that says why.
enum MemoryCheck {
    static func check(
        _ need: MemoryNeed, for statement: String, holding held: Int, budget: MemoryBudget,
        at range: SourceRange?
    ) throws {
        let total = held.addingSaturated(need.bytes)
        guard need.bytes > 0, total > budget.limit else { return }
        let format = MemoryBudget.format
        let largest = need.parts.max { $0.bytes < $1.bytes }
        var notes =
            need.parts.count > 1 || largest.map({ !$0.what.isEmpty }) == true
            ? need.parts.map { "\(format($0.bytes)): \($0.what)" } : []
        let raised = MemoryBudget.format(roundedUp(total))
        notes.append("raise the budget with 'memory \(raised)', or ask for \(need.smaller)")
        throw LanguageError.notAllowed(
            why: "\(statement) needs about \(format(need.bytes)) of memory, but the session holds "
                + "\(format(held)) of its \(format(budget.limit)) budget", notes: notes, at: range)
    }

    /// `total` rounded up to two significant digits, a budget a person would type.
    private static func roundedUp(_ total: Int) -> Int {
        guard total < Int.max / 2 else { return total }
        var scale = 1
        while total / scale >= 100 { scale *= 10 }
        return (total + scale - 1) / scale * scale
    }
}
