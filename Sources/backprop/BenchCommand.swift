import ArgumentParser
import Engine
import Foundation
import Language

/// `backprop bench`: times the engine's three fixed training workloads in Float32.
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

    func run() throws {
        var chosen = BenchmarkConfiguration.all
        if let config {
            chosen = chosen.filter { $0.name == config }
            guard !chosen.isEmpty else {
                let names = BenchmarkConfiguration.all.map(\.name).joined(separator: ", ")
                throw ValidationError("unknown configuration '\(config)'; choose one of \(names)")
            }
        }
        var results: [BenchmarkResult] = []
        for configuration in chosen {
            let result: BenchmarkResult
            do {
                result = try configuration.run(steps: steps, workers: workers)
            } catch {
                // The engine's errors are data; the language words them.
                throw BenchFailure(description: Diagnostic(describing: error).message)
            }
            results.append(result)
            if !json {
                print(
                    configuration.name.padding(toLength: 12, withPad: " ", startingAt: 0)
                        + String(
                            format: "%12.1f steps/s %14.1f samples/s %9.2f GFLOP/s   (final loss %.4f)",
                            result.stepsPerSecond, result.samplesPerSecond, result.gigaflopsPerSecond,
                            result.finalLoss))
            }
        }
        if json {
            let fields = results.map { result in
                String(
                    format: "\"%@\": {\"steps_per_s\": %.3f, \"samples_per_s\": %.3f, \"gflops\": %.4f}",
                    result.name, result.stepsPerSecond, result.samplesPerSecond, result.gigaflopsPerSecond)
            }
            print("{" + fields.joined(separator: ", ") + "}")
        }
    }
}

/// A configuration that could not run, in the sentence `Error:` precedes.
private struct BenchFailure: Error, CustomStringConvertible {
    let description: String
}
