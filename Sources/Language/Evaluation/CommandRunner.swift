import Engine
import Foundation
import Render

/// Runs one command statement on an execution context.
enum CommandRunner {
    static func run(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        switch command.name {
        case "print": try runPrint(command, in: &context)
        case "help": try runHelp(command, in: context)
        case "seed": try runSeed(command, in: &context)
        case "dtype": try runDtype(command, in: &context)
        case "digits": try runDigits(command, in: &context)
        case "sleep": try runSleep(command, in: context)
        case "memory": try MemoryCommand.run(command, in: &context)
        case "reset": context.state = SessionState()
        case "list": try runList(in: context)
        case "net": try NetCommand.run(command, in: &context)
        case "data": try DataCommand.run(command, in: &context)
        case "use": try SetupCommands.use(command, in: &context)
        case "loss": try SetupCommands.loss(command, in: &context)
        case "optim": try SetupCommands.optim(command, in: &context)
        case "train": try TrainCommand.run(command, in: &context)
        case "step": try StepCommands.step(command, in: &context)
        case "forward": try StepCommands.forward(command, in: &context)
        case "backward": try StepCommands.backward(command, in: &context)
        case "update": try StepCommands.update(command, in: &context)
        case "show": try ViewCommands.show(command, in: &context)
        case "predict": try ViewCommands.predict(command, in: &context)
        case "set": try ParameterCommands.set(command, in: &context)
        case "freeze": try ParameterCommands.freeze(command, in: &context, frozen: true)
        case "unfreeze": try ParameterCommands.freeze(command, in: &context, frozen: false)
        case "plot": try PlotCommands.plot(command, in: &context)
        case "hist": try PlotCommands.hist(command, in: &context)
        case "heatmap": try PlotCommands.heatmap(command, in: &context)
        case "gradcheck": try GradientCheck.run(command, in: &context)
        case "export": try ExportCommand.run(command, in: &context)
        case "save": try CheckpointCommands.save(command, in: &context)
        case "load": try CheckpointCommands.load(command, in: &context)
        default:
            // The catalogue and this switch must list the same commands (a test runs every example).
            preconditionFailure("command '\(command.name)' is in the catalogue but has no implementation")
        }
    }

    private static func runPrint(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let formatter = context.state.formatter
        let texts = try command.arguments.map { argument -> String in
            guard case .value(let expression) = argument else {
                throw Diagnostic(.syntaxError, "'print' cannot print a chain", at: argument.range)
            }
            return formatter.printText(try ExpressionEvaluator.evaluate(expression, in: context.state))
        }
        context.output.write(texts.joined(separator: " ") + "\n", to: .stdout)
    }

    private static func runHelp(_ command: CommandStatement, in context: ExecutionContext) throws {
        guard case .value(let expression)? = command.arguments.first else {
            context.show(HelpText.overview())
            return
        }
        let word = expression.pathText ?? ""
        guard let spec = CommandCatalogue.spec(named: word) else {
            throw Diagnostic.unknown("command", word, at: expression.range, among: CommandCatalogue.names)
        }
        context.show(HelpText.help(for: spec))
    }

    private static func runSeed(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let seed = try ArgumentReader.integer(command, at: 0, in: 0...Int.max)
        context.state.seed = UInt64(seed)
        context.state.random = RandomSource(seed: UInt64(seed))
    }

    private static func runDtype(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        // The validator has checked the word against the spec's keywords.
        let word = try ArgumentReader.word(command, at: 0)
        context.state.numberType = NumberType(rawValue: word) ?? .f32
    }

    private static func runDigits(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        context.state.digits = try ArgumentReader.integer(command, at: 0, in: 1...17)
    }

    private static func runSleep(_ command: CommandStatement, in context: ExecutionContext) throws {
        let seconds = try ArgumentReader.number(command, at: 0, in: 0...86_400)
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            try context.checkInterrupt("'sleep'", at: command.range)
            Thread.sleep(forTimeInterval: min(0.01, max(0, deadline.timeIntervalSinceNow)))
        }
    }

    /// A table of every net (with its loss trend) and data set; `*` marks the current ones.
    private static func runList(in context: ExecutionContext) throws {
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
