import Engine
import Foundation
import Render

/// The commands of the session itself: print, help, seed, dtype, digits, sleep and list.
enum SessionCommands {
    static func print(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let formatter = context.state.formatter
        let texts = try command.arguments.map { argument -> String in
            guard case .value(let expression) = argument else {
                throw LanguageError.syntax(why: "'print' cannot print a chain", at: argument.range)
            }
            return formatter.printText(try ExpressionEvaluator.evaluate(expression, in: context.state))
        }
        context.output.write(texts.joined(separator: " ") + "\n", to: .stdout)
    }

    static func help(_ command: CommandStatement, in context: ExecutionContext) throws {
        guard case .value(let expression)? = command.arguments.first else {
            context.show(HelpText.overview())
            return
        }
        let word = expression.pathText ?? ""
        guard let spec = CommandCatalogue.spec(named: word) else {
            throw LanguageError.unknownName(
                what: "command", name: word, candidates: CommandCatalogue.names, at: expression.range)
        }
        context.show(HelpText.help(for: spec))
    }

    static func seed(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let seed = try ArgumentReader.integer(command, at: 0, in: 0...Int.max)
        context.state.seed = UInt64(seed)
        context.state.random = RandomSource(seed: UInt64(seed))
    }

    static func dtype(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        // The validator has checked the word against the spec's keywords.
        let word = try ArgumentReader.word(command, at: 0)
        context.state.numberType = NumberType(rawValue: word) ?? .f32
    }

    static func digits(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        context.state.digits = try ArgumentReader.integer(command, at: 0, in: 1...17)
    }

    static func progress(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        // The validator has checked the word is one of the styles.
        context.state.progressStyle =
            ProgressStyle(rawValue: try ArgumentReader.word(command, at: 0)) ?? .display
    }

    static func sleep(_ command: CommandStatement, in context: ExecutionContext) throws {
        let seconds = try ArgumentReader.number(command, at: 0, in: 0...86_400)
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            try context.checkInterrupt("'sleep'", at: command.range)
            Thread.sleep(forTimeInterval: min(0.01, max(0, deadline.timeIntervalSinceNow)))
        }
    }

    /// A table of every net (with its loss trend) and data set; `*` marks the current ones.
    static func list(in context: ExecutionContext) throws {
        let state = context.state
        guard !state.netOrder.isEmpty || !state.dataOrder.isEmpty else {
            context.output.write("no nets or data sets yet\n", to: .stdout)
            return
        }
        var rows: [[Table.Cell]] = []
        for name in state.netOrder {
            guard let record = state.nets[name] else { continue }
            let losses = record.history.records.map(\.loss)
            rows.append([
                .text(name == state.currentNet ? "*" : ""), "net", .text(name), .text(record.description),
                // The last log as made, though a downsampled history's last point is a mean.
                .number(Double(record.steps)), record.history.latest.map { .number($0.loss) } ?? .empty,
                losses.count > 1 ? .sparkline(losses) : .empty,
            ])
        }
        for name in state.dataOrder {
            guard let record = state.datasets[name] else { continue }
            let validation = record.validation.map { " + \($0.count) validation" } ?? ""
            let shape =
                "\(record.training.count) examples\(validation), \(record.training.featureCount) features"
            rows.append([
                .text(name == state.currentData ? "*" : ""), "data", .text(name), .text(shape), .empty,
                .empty, .empty,
            ])
        }
        context.show(
            try Table(
                title: "nets and data sets (* current)",
                headers: ["", "kind", "name", "what", "steps", "loss", "loss trend"], rows: rows,
                numberFormat: NumberFormat(significantDigits: state.digits)
            ).rendering())
    }
}
