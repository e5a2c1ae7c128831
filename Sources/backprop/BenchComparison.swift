import Engine
import Foundation

/// One configuration's runs in `backprop bench`: the engine's each round and, with
/// `--torch`, PyTorch's right after it, and the ratios of their step rates.
struct BenchComparison {
    let name: String
    var engine: [BenchmarkResult] = []
    var torch: [(stepsPerSecond: Double, gigaflops: Double)] = []

    /// Engine steps/s over PyTorch's, round by round.
    var ratios: [Double] { zip(engine, torch).map { $0.stepsPerSecond / $1.stepsPerSecond } }

    /// The latest round's line: the engine's rates and loss, then PyTorch's and the ratio.
    func line(round: Int?) -> String {
        guard let result = engine.last else { return name }
        var line =
            (round.map { "round \($0)  " } ?? "") + name.padding(toLength: 12, withPad: " ", startingAt: 0)
            + String(
                format: "%12.1f steps/s %14.1f samples/s %9.2f GFLOP/s   (final loss %.4f)",
                result.stepsPerSecond, result.samplesPerSecond, result.gigaflopsPerSecond, result.finalLoss)
        if let theirs = torch.last, let ratio = ratios.last {
            line += String(
                format: "   PyTorch %10.1f steps/s %9.2f GFLOP/s   ratio %6.2f", theirs.stepsPerSecond,
                theirs.gigaflops, ratio)
        }
        return line
    }

    /// The median ratio over the rounds, with the lowest and highest.
    var medianLine: String {
        let ratios = self.ratios
        return "median ratio " + name.padding(toLength: 12, withPad: " ", startingAt: 0)
            + String(
                format: "%6.2f over %d rounds (%.2f to %.2f)", median(ratios), ratios.count,
                ratios.min() ?? 0,
                ratios.max() ?? 0)
    }

    /// `"name": {...}`: the engine's median rates and, with PyTorch, its median steps/s and
    /// the median ratio.
    var jsonField: String {
        var fields = String(
            format: "\"steps_per_s\": %.3f, \"samples_per_s\": %.3f, \"gflops\": %.4f",
            median(engine.map(\.stepsPerSecond)), median(engine.map(\.samplesPerSecond)),
            median(engine.map(\.gigaflopsPerSecond)))
        if !torch.isEmpty {
            fields += String(
                format: ", \"torch_steps_per_s\": %.3f, \"ratio\": %.4f", median(torch.map(\.stepsPerSecond)),
                median(ratios))
        }
        return "\"\(name)\": {\(fields)}"
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
