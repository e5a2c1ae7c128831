/// Measurements of one dense layer's state used by the per-step metrics.
enum LayerStatistics {
    /// ‖values‖₂ of a tensor.
    static func norm(of tensor: Tensor) -> Double {
        var total = 0.0
        for index in 0..<tensor.count {
            let v = tensor[flat: index]
            total += v * v
        }
        return total.squareRoot()
    }

    /// ‖gradient‖₂ of a tensor (0 without one).
    static func gradientNorm(of tensor: Tensor) -> Double {
        guard let g = tensor.gradStorage else { return 0 }
        var total = 0.0
        for index in 0..<g.count {
            let v = g.element(index)
            total += v * v
        }
        return total.squareRoot()
    }

    /// Share of units whose activation is zero on every row.
    static func deadShare(output: Tensor) -> Double {
        let rows = output.shape[0]
        let width = output.shape[1]
        var dead = 0
        for unit in 0..<width {
            var alive = false
            for row in 0..<rows where output[row, unit] > 0 {
                alive = true
                break
            }
            if !alive { dead += 1 }
        }
        return Double(dead) / Double(max(width, 1))
    }

    /// The share of a bounded activation's range at each end where an output counts as saturated:
    /// 1.5%, so a tanh output saturates past |a| > 0.97 (the threshold of Karpathy's makemore,
    /// where tanh's slope 1 − a² is below 0.06), and a sigmoid one below 0.015 or above 0.985,
    /// the same condition through σ(x) = (1 + tanh(x/2))/2.
    static let saturationShareOfRange = 0.015

    /// Share of outputs in the saturated ends of the range `low`…`high`.
    static func saturatedShare(output: Tensor, low: Double, high: Double) -> Double {
        let margin = saturationShareOfRange * (high - low)
        var saturated = 0
        for index in 0..<output.count {
            let v = output[flat: index]
            if v <= low + margin || v >= high - margin { saturated += 1 }
        }
        return Double(saturated) / Double(max(output.count, 1))
    }

    /// Share of rows whose prediction matches the target: argmax for several outputs,
    /// threshold 0.5 on a single probability (0 on a single logit).
    static func accuracy(output: Tensor, targets: Tensor, thresholdOnLogit: Bool) -> Double {
        let rows = output.shape[0]
        let width = output.shape[1]
        var correct = 0
        for row in 0..<rows {
            if width == 1 {
                let predicted = output[row, 0] >= (thresholdOnLogit ? 0 : 0.5)
                if predicted == (targets[row, 0] >= 0.5) { correct += 1 }
            } else {
                var best = 0
                var bestTarget = 0
                for column in 1..<width {
                    if output[row, column] > output[row, best] { best = column }
                    if targets[row, column] > targets[row, bestTarget] { bestTarget = column }
                }
                if best == bestTarget { correct += 1 }
            }
        }
        return Double(correct) / Double(max(rows, 1))
    }
}
