/// The built-in data sets as plain functions; `DatasetRegistry` exposes them by name.
///
/// Every random draw (noise, centres, shuffles) comes from `RandomSource(seed:)`,
/// so a seed gives the same data on every machine. Generators that take a count
/// follow scikit-learn's `make_*` layout (half the points in each class, the
/// first class getting the smaller half) and then shuffle, as scikit-learn does.
public enum DatasetGenerators {}

extension DatasetGenerators {
    /// A data set from generator code, whose shapes are right by construction.
    static func assemble(
        name: String, inputs: [Double], targets: [Double], featureNames: [String],
        targetNames: [String] = ["y"], classNames: [String] = [], task: TaskKind, source: String
    ) -> Dataset {
        do {
            return try Dataset(
                name: name, inputs: inputs, targets: targets, featureNames: featureNames,
                targetNames: targetNames, classNames: classNames, task: task, source: source)
        } catch {
            preconditionFailure("generator '\(name)' built an inconsistent data set: \(error)")
        }
    }

    /// `count` values evenly spaced from `start`, reaching `end` only when `includingEnd`
    /// (numpy's `linspace`).
    static func evenlySpaced(from start: Double, to end: Double, count: Int, includingEnd: Bool) -> [Double] {
        guard count > 1 else { return count == 1 ? [start] : [] }
        let step = (end - start) / Double(includingEnd ? count - 1 : count)
        return (0..<count).map { start + Double($0) * step }
    }

    /// Compact text for a number in a `source` line.
    static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
