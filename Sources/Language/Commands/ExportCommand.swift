import Engine
import Render

/// `export history|weights|summary|data|plot|boundary|vars|lrfind|landscape|hist "FILE"` and `export compare NET ... "FILE"`;
/// the format by extension, written atomically. `export torch NET "DIR"` is `TorchExportCommand`'s.
enum ExportCommand {
    static func run(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let what = try ArgumentReader.word(command, at: 0)
        if what == "torch" {
            try TorchExportCommand.run(command, in: &context)
            return
        }
        // The file comes last: `export history "f.tsv"`, `export compare a b c "f.md"`.
        let pathIndex = command.arguments.count - 1
        if what != "compare", pathIndex != 1 {
            throw LanguageError.argumentForm(
                command: "export \(what)", takes: "just a file name",
                notes: ["only 'export compare' takes net names before the file"],
                at: command.arguments[1].range)
        }
        let pathExpression = try ArgumentReader.expression(command, at: pathIndex)
        guard case .string(let path) = pathExpression.kind else {
            throw LanguageError.expected(what: "the file name as a string", at: pathExpression.range)
        }
        let tables = NetTables(digits: context.state.digits)
        do {
            switch what {
            case "data":
                try tables.examplesTable(context.dataRecord(nil, at: command.nameRange)).export(to: path)
            case "plot":
                try PlotCommands.lossChart(command.withoutArguments, in: context).export(to: path)
            case "compare":
                let records = try ComparisonTable.records(command, from: 1, to: pathIndex, in: context)
                try ComparisonTable.table(
                    records, target: OptionReader.number(command, "target"), digits: context.state.digits
                ).export(to: path)
            case "boundary":
                try PlotCommands.boundary(command.withoutArguments, in: context).export(to: path)
            case "vars":
                try VariablesTable.table(context.state).export(to: path)
            case "health":
                let record = try context.netRecord(nil, at: command.nameRange)
                try HealthTable.historyTable(record, at: command.nameRange).export(to: path)
            case "lrfind", "landscape", "hist":
                guard let shown = context.state.lastResults[what] else {
                    throw LanguageError.lacks(
                        owner: nil, what: "\(what) to export yet",
                        remedy: what == "lrfind" ? "run lrfind first" : "run plot \(what) first",
                        at: command.arguments[0].range)
                }
                // Data files take every number; text and Markdown what the notebook showed.
                let format = try ExportFormat(path: path)
                if format == .text || format == .markdown {
                    try shown.rendering.export(to: path)
                } else {
                    try shown.table.export(to: path)
                }
            default:
                let record = try context.netRecord(nil, at: command.nameRange)
                let table: Table
                switch what {
                case "weights": table = try tables.weightsTable(record)
                case "summary": table = try tables.summaryTable(record)
                default: table = try tables.historyTable(record, limit: nil)
                }
                try table.export(to: path)
            }
        } catch let error as RenderError {
            throw LanguageError.engine(.render(error), at: pathExpression.range)
        }
        context.output.write("wrote \(what) to \(path)\n", to: .stdout)
    }
}

extension CommandStatement {
    /// The same command with only its first argument, so a chart's defaults apply.
    var withoutArguments: CommandStatement {
        var copy = self
        copy.arguments = Array(arguments.prefix(1))
        copy.options = options.filter { ["log", "val", "ascii", "width", "height"].contains($0.name) }
        return copy
    }
}
