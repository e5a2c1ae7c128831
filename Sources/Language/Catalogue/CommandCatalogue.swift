/// Every command of the language, in the order `help` lists them.
public enum CommandCatalogue {
    /// All commands.
    public static let all: [CommandSpec] =
        sessionCommands + modelCommands + trainingCommands + viewingCommands + languageModelCommands

    private static let byName: [String: CommandSpec] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The command called `name`, if there is one.
    public static func spec(named name: String) -> CommandSpec? {
        byName[name]
    }

    /// All command names, in help order.
    public static var names: [String] { all.map(\.name) }

    static let sessionCommands: [CommandSpec] = [
        CommandSpec(
            "print", run: { try SessionCommands.print($0, in: &$1) },
            syntax: "print VALUE [VALUE ...]",
            summary: "write values to stdout, followed by a newline",
            arguments: 0...64, changes: .nothing, example: "print \"hello, world\"",
            details: "Strings are written without quotes; numbers with the session's digits."),
        CommandSpec(
            "help", run: { try SessionCommands.help($0, in: $1) },
            syntax: "help [COMMAND]", summary: "list every command, or explain one",
            arguments: 0...1, changes: .nothing, example: "help train"),
        CommandSpec(
            "seed", run: { try SessionCommands.seed($0, in: &$1) },
            syntax: "seed N", summary: "reseed the session's random generator",
            arguments: 1...1, changes: .nothing, example: "seed 42",
            details: "Initial weights, data sets and shuffling all draw from this generator."),
        CommandSpec(
            "dtype", run: { try SessionCommands.dtype($0, in: &$1) },
            syntax: "dtype f32|f64", summary: "choose Float32 (default) or Float64 for new tensors",
            arguments: 1...1, keywords: ["f32", "f64"], exhaustive: true, changes: .nothing,
            example: "dtype f64",
            details: "Nets built afterwards use this type; hand-checked examples and gradcheck want f64."),
        CommandSpec(
            "digits", run: { try SessionCommands.digits($0, in: &$1) },
            syntax: "digits N", summary: "significant digits shown in values and tables",
            arguments: 1...1, changes: .nothing, example: "digits 6",
            details: "Between 1 and 17; the default is 4."),
        CommandSpec(
            "progress", run: { try SessionCommands.progress($0, in: &$1) },
            syntax: "progress display|stream|off", summary: "choose how train shows its progress",
            arguments: 1...1, keywords: ProgressStyle.allCases.map(\.rawValue), exhaustive: true,
            changes: .nothing, example: "progress stream\nprogress display",
            details:
                "display (the default) is a display updated in place, as JupyterLab, the notebook and nbclient "
                + "draw it; stream rewrites one line of text after a carriage return, as tqdm does in a "
                + "terminal, for jupyter console, which does not redraw an updated display; off shows only "
                + "the summary. BACKPROP_PROGRESS=stream in the environment of the kernel (as in "
                + "BACKPROP_PROGRESS=stream jupyter console --kernel backprop) starts a session with stream."),
        CommandSpec(
            "memory", run: { try MemoryCommand.run($0, in: &$1) },
            syntax: "memory [AMOUNT UNIT | default], memory zero [NET] [workers=N]",
            summary:
                "show what the session holds against its memory budget, or set the budget; zero: a net's "
                + "per-worker memory under ZeRO",
            arguments: 0...2,
            options: [
                OptionSpec(
                    "workers", .integer, default: "1, 2, 4, 8",
                    "memory zero: another number of workers to add to the table")
            ], keywords: ["default", "zero"],
            changes: .nothing, example: "memory\nmemory 4 GB",
            details:
                "Every statement that allocates (data, net, optim, train, step, forward, predict, ...) is "
                + "checked against the budget before it allocates; one that would pass it fails with what "
                + "it needs and changes nothing. Units: KB, MB, GB, TB (powers of 1000). The default is "
                + "half of the machine's memory, or of the process's cgroup limit when that is lower. "
                + "memory zero tabulates what each of N data-parallel workers holds of a net's parameters, "
                + "gradients and optimizer state under plain data parallelism and ZeRO stages 1 to 3 "
                + "(Rajbhandari et al. 2020), in the engine's own dtype."),
        CommandSpec(
            "sleep", run: { try SessionCommands.sleep($0, in: $1) },
            syntax: "sleep SECONDS", summary: "wait, interruptibly (for trying out interrupts)",
            arguments: 1...1, changes: .nothing, example: "sleep 2"),
        CommandSpec(
            "reset",
            run: { _, context in
                // How progress is shown belongs to the front end, which a reset does not change.
                let progress = context.state.progressStyle
                context.state = SessionState()
                context.state.progressStyle = progress
            },
            syntax: "reset", summary: "forget every net, data set and setting (progress stays as it is)",
            changes: .nothing, example: "reset"),
        CommandSpec(
            "list", run: { try SessionCommands.list(in: $1) },
            syntax: "list", summary: "list the session's nets and data sets",
            changes: .nothing, example: "list"),
    ]
}
