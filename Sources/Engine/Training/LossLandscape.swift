import Foundation

/// The points and directions of a loss-landscape slice: the line between two sets of weights,
/// and random directions normalised filter by filter as Li et al. (2018, "Visualizing the Loss
/// Landscape of Neural Nets") normalise them. Weights are given as `Network.snapshot()` gives
/// them, one array per parameter in the network's order.
public enum LossLandscape {
    /// (1 − α)·start + α·end per value, so α = 0 gives `start` and α = 1 gives `end` exactly.
    public static func interpolate(_ start: [[Double]], _ end: [[Double]], at alpha: Double) -> [[Double]] {
        zip(start, end).map { from, to in zip(from, to).map { (1 - alpha) * $0 + alpha * $1 } }
    }

    /// center + α·first + β·second per value; α = β = 0 gives `center` exactly.
    public static func offset(
        _ center: [[Double]], _ first: [[Double]], _ alpha: Double, _ second: [[Double]], _ beta: Double
    ) -> [[Double]] {
        var result = center
        for parameter in center.indices {
            for index in center[parameter].indices {
                let along: Double = alpha * first[parameter][index]
                let across: Double = beta * second[parameter][index]
                result[parameter][index] = center[parameter][index] + along + across
            }
        }
        return result
    }

    /// A direction drawn from N(0, 1) for every dense weight, each filter (the column of an
    /// output unit in the [in, out] layout, a row of PyTorch's [out, in]) then scaled to the norm
    /// of the same filter of `weights`. Biases and layer-norm parameters get zero, as Li et al.
    /// leave biases and batch-norm parameters unperturbed.
    public static func filterNormalizedDirection(
        for network: Network, weights: [[Double]], random: inout RandomSource
    ) -> [[Double]] {
        var direction = weights.map { Array(repeating: 0.0, count: $0.count) }
        var index = 0
        for layer in network.layers {
            defer { index += layer.parameters.count }
            guard let dense = layer as? DenseLayer else { continue }
            let rows = dense.inputWidth
            let columns = dense.outputWidth
            var drawn = (0..<(rows * columns)).map { _ in random.nextNormal() }
            let weight = weights[index]
            for column in 0..<columns {
                var drawnNorm = 0.0
                var weightNorm = 0.0
                for row in 0..<rows {
                    drawnNorm += drawn[row * columns + column] * drawn[row * columns + column]
                    weightNorm += weight[row * columns + column] * weight[row * columns + column]
                }
                let scale = drawnNorm > 0 ? weightNorm.squareRoot() / drawnNorm.squareRoot() : 0
                for row in 0..<rows { drawn[row * columns + column] *= scale }
            }
            direction[index] = drawn
        }
        return direction
    }

    /// `points` evenly spaced values from `low` to `high`, with 0 and 1 exactly among them when
    /// they lie inside (a value within a millionth of a step of them is snapped; else they are added).
    public static func grid(
        from low: Double, to high: Double, points: Int, including marks: [Double] = [0, 1]
    )
        -> [Double]
    {
        let count = max(points, 2)
        let step = (high - low) / Double(count - 1)
        var values = (0..<count).map { low + step * Double($0) }
        values[count - 1] = high
        for mark in marks where mark >= low && mark <= high {
            if let nearest = values.indices.min(by: { abs(values[$0] - mark) < abs(values[$1] - mark) }),
                abs(values[nearest] - mark) <= abs(step) * 1e-6
            {
                values[nearest] = mark
            } else {
                values.append(mark)
            }
        }
        return values.sorted()
    }

    /// 2k + 1 values from −span to span with 0 exactly at the centre.
    public static func symmetricGrid(span: Double, points: Int) -> [Double] {
        let half = max(points / 2, 1)
        return (-half...half).map { span * Double($0) / Double(half) }
    }
}
