import Render

/// `memory` shows what the session holds against its budget; `memory 4 GB` sets the budget and
/// `memory default` puts back half of the machine's memory; `memory zero` is `ZeroMemoryTable`.
enum MemoryCommand {
    static func run(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        guard !command.arguments.isEmpty else {
            context.show(try usage(context.state))
            return
        }
        if case .value(let first)? = command.arguments.first, first.name == "zero" {
            context.show(try ZeroMemoryTable.rendering(command, in: context))
            return
        }
        if let workers = command.option("workers") {
            throw LanguageError.optionNotApplicable(
                option: "workers", appliesTo: "memory zero", at: workers.nameRange)
        }
        let budget = try requestedBudget(command)
        let held = context.state.heldBytes
        if held > budget.limit {
            throw LanguageError.notAllowed(
                why:
                    "the session already holds \(MemoryBudget.format(held)), more than \(MemoryBudget.format(budget.limit))",
                notes: [
                    "free some first (reset, or redefine a net or data set smaller), or choose a larger budget"
                ], at: command.arguments.first?.range)
        }
        context.state.memoryBudget = budget
        context.output.write("memory budget \(describe(budget))\n", to: .stdout)
    }

    /// `N UNIT` or `default`.
    private static func requestedBudget(_ command: CommandStatement) throws -> MemoryBudget {
        let first = try ArgumentReader.expression(command, at: 0)
        if first.name == "default", command.arguments.count == 1 { return .standard }
        guard case .number(let amount) = first.kind, amount > 0, amount.isFinite else {
            throw LanguageError.wrongType(
                .value, expected: "an amount of memory such as 4 GB, or default", at: first.range)
        }
        let unitNames = MemoryBudget.units.map(\.name)
        guard command.arguments.count == 2 else {
            throw LanguageError.notAllowed(
                why: "give a unit after \(ValueFormatter(digits: 6).format(amount))",
                notes: ["units: " + unitNames.joined(separator: ", ") + "; e.g. memory 4 GB"], at: first.range
            )
        }
        let unitExpression = try ArgumentReader.expression(command, at: 1)
        let word = unitExpression.name ?? ""
        guard let unit = MemoryBudget.units.first(where: { $0.name == word.uppercased() }) else {
            throw LanguageError.unknownName(
                what: "memory unit", name: word, candidates: unitNames, at: unitExpression.range)
        }
        let bytes = amount * Double(unit.bytes)
        guard bytes >= 1, bytes < 9e18 else {
            throw LanguageError.outOfRange(
                subject: "a budget", mustBe: "from 1 B to 9000000 TB",
                at: unitExpression.range.joined(first.range))
        }
        return MemoryBudget(limit: Int(bytes), isDefault: false)
    }

    private static func describe(_ budget: MemoryBudget) -> String {
        let limit = MemoryBudget.format(budget.limit)
        guard budget.isDefault else { return limit }
        let percent = Int(MemoryBudget.defaultFraction * 100)
        return "\(limit) (the default: \(percent)% of \(MemoryBudget.format(MemoryBudget.availableMemory)))"
    }

    /// One row per net and data set, and the total against the budget.
    private static func usage(_ state: SessionState) throws -> Rendering {
        let held = state.heldMemory
        let total = held.reduce(0) { $0.addingSaturated($1.bytes) }
        var rows: [[Table.Cell]] = held.map {
            [.text($0.kind), .text($0.name), .text(MemoryBudget.format($0.bytes))]
        }
        rows.append(["", "total", .text(MemoryBudget.format(total))])
        return try Table(
            title:
                "memory: \(MemoryBudget.format(total)) held of a budget of \(describe(state.memoryBudget))",
            columns: [
                Table.Column("kind"), Table.Column("name"), Table.Column("bytes", alignment: .right),
            ], rows: rows,
            footnote:
                "nets: parameters, gradients, optimizer state, kept batch plans, history and starting weights; "
                + "data: inputs and targets; result: the last lrfind, plot landscape or plot hist, kept for export; "
                + "set with: memory 4 GB",
            numberFormat: NumberFormat(significantDigits: state.digits)
        ).rendering()
    }
}
