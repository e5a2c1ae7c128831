import Foundation

/// The PyTorch run of one benchmark configuration: `benchmarks/torch_mlp.py` (the same
/// models, losses, optimizers and batches) in a Python that has torch, as its own process,
/// read back from the one JSON line it prints.
struct TorchReference {
    /// The Python interpreter, a path or a name looked up on PATH.
    let python: String
    /// The reference script.
    let script: String

    /// Checks before any timing that the Python and the script are there, so a wrong path
    /// fails at once.
    func validate() throws(BenchFailure) {
        if python.contains("/"), !FileManager.default.isExecutableFile(atPath: python) {
            throw BenchFailure(
                description:
                    "'\(python)' is not an executable file; pass --torch with a Python that has torch, "
                    + "such as .venv/bin/python after `make torch`")
        }
        guard FileManager.default.isReadableFile(atPath: script) else {
            throw BenchFailure(
                description:
                    "the reference script '\(script)' was not found; run from the repository root or pass "
                    + "--reference with the path of benchmarks/torch_mlp.py")
        }
    }

    /// Steps per second and GFLOP/s of PyTorch on `configuration`.
    func run(configuration: String, steps: Int?) throws(BenchFailure) -> (
        stepsPerSecond: Double, gigaflops: Double
    ) {
        var arguments = [script, "--json", "--config", configuration]
        if let steps { arguments += ["--steps", String(steps)] }
        let process = Process()
        if python.contains("/") {
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [python] + arguments
        }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw BenchFailure(
                description:
                    "could not start '\(python)' (\(error.localizedDescription)); pass --torch with a "
                    + "Python that has torch, such as .venv/bin/python after `make torch`")
        }
        // Read both pipes to their end before waiting, so a full pipe cannot stall the script.
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let lastLine =
                String(decoding: complaint, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
            throw BenchFailure(
                description: "the PyTorch reference for \(configuration) exited with status "
                    + "\(process.terminationStatus)" + (lastLine.isEmpty ? "" : ": \(lastLine)")
                    + "; check that '\(python)' has torch (`make torch` puts it in .venv)")
        }
        let lastLine =
            String(decoding: printed, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        guard
            let object = try? JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any],
            let fields = object[configuration] as? [String: Any],
            let rate = (fields["steps_per_s"] as? NSNumber)?.doubleValue,
            let gigaflops = (fields["gflops"] as? NSNumber)?.doubleValue, rate > 0
        else {
            throw BenchFailure(
                description: "the PyTorch reference printed no steps/s for \(configuration) (its last line: "
                    + "'\(lastLine.prefix(120))'); it should print one JSON object keyed by configuration")
        }
        return (rate, gigaflops)
    }
}
