import ArgumentParser
import Engine
import Foundation
import Language

/// `backprop bench`: times the engine's fixed training workloads in Float32, and with
/// `--torch` the same workloads in PyTorch beside them.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time training steps on the xor, mnist-like, wide and gpt workloads (Float32).")

    @Flag(help: "Print one JSON object keyed by configuration name.")
    var json = false

    @Option(help: "Run one configuration: \(BenchmarkConfiguration.all.map(\.name).joined(separator: ", ")).")
    var config: String?

    @Option(help: "Timed steps, overriding each configuration's own count.")
    var steps: Int?

    @Option(help: "Take each step as this many simulated data-parallel workers (as train workers=).")
    var workers: Int?

    @Option(
        help: ArgumentHelp(
            "Time PyTorch on the same workloads after each one, with this Python (it needs torch), and print "
                + "the ratio.", valueName: "python"))
    var torch: String?

    @Option(help: ArgumentHelp("The PyTorch reference script (with --torch).", valueName: "path"))
    var reference = "benchmarks/torch_mlp.py"

    @Option(help: "Rounds, each configuration timed once per round (with --torch, alternating with PyTorch).")
    var rounds = 1

    func validate() throws {
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1, not \(rounds)") }
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1, not \(steps)") }
    }

    func run() throws {
        var chosen = BenchmarkConfiguration.all
        if let config {
            chosen = chosen.filter { $0.name == config }
            guard !chosen.isEmpty else {
                let names = BenchmarkConfiguration.all.map(\.name).joined(separator: ", ")
                throw ValidationError("unknown configuration '\(config)'; choose one of \(names)")
            }
        }
        let reference = torch.map { TorchReference(python: $0, script: self.reference) }
        try reference?.validate()
        var comparisons: [String: BenchComparison] = [:]
        for round in 1...rounds {
            for configuration in chosen {
                let result: BenchmarkResult
                do {
                    result = try configuration.run(steps: steps, workers: workers)
                } catch {
                    // The engine's errors are data; the language words them.
                    throw BenchFailure(description: Diagnostic(describing: error).message)
                }
                var comparison = comparisons[result.name] ?? BenchComparison(name: result.name)
                comparison.engine.append(result)
                if let reference {
                    let theirs = try reference.run(configuration: configuration.name, steps: steps)
                    comparison.torch.append(theirs)
                }
                comparisons[result.name] = comparison
                if !json { print(comparison.line(round: rounds > 1 ? round : nil)) }
            }
        }
        let ordered = chosen.compactMap { comparisons[$0.name] }
        if json {
            print("{" + ordered.map(\.jsonField).joined(separator: ", ") + "}")
        } else if reference != nil, rounds > 1 {
            for comparison in ordered { print(comparison.medianLine) }
        }
    }
}

/// A configuration that could not run, in the sentence `Error:` precedes.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
}
