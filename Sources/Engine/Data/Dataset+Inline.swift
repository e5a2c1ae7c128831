extension Dataset {
    /// A data set typed as rows, as in `data hand = [[0, 1], [1, 1]] -> [[1], [0]]`.
    ///
    /// Without an explicit `task`, one target column holding only 0 and 1 makes a
    /// binary task (so accuracy and bce apply) and anything else a regression.
    public static func fromRows(
        name: String, inputs: [[Double]], targets: [[Double]], task: TaskKind? = nil
    ) throws(DataError) -> Dataset {
        guard inputs.count == targets.count else {
            throw .rowsDisagree(dataset: name, inputRows: inputs.count, targetRows: targets.count)
        }
        let featureCount = inputs.first?.count ?? 0
        let targetWidth = targets.first?.count ?? 0
        for (row, values) in inputs.enumerated() where values.count != featureCount {
            throw .raggedRow(
                dataset: name, part: "inputs", row: row, expected: featureCount, found: values.count)
        }
        for (row, values) in targets.enumerated() where values.count != targetWidth {
            throw .raggedRow(
                dataset: name, part: "targets", row: row, expected: targetWidth, found: values.count)
        }
        let flatTargets = targets.flatMap { $0 }
        let inferred: TaskKind =
            targetWidth == 1 && !flatTargets.isEmpty && flatTargets.allSatisfy({ $0 == 0 || $0 == 1 })
            ? .binary : .regression
        let chosen = task ?? inferred
        return try Dataset(
            name: name, inputs: inputs.flatMap { $0 }, targets: flatTargets,
            featureNames: (0..<featureCount).map { "x\($0 + 1)" },
            targetNames: targetWidth == 1 ? ["y"] : (0..<targetWidth).map { "y\($0 + 1)" },
            classNames: chosen.classCount.map { count in (0..<count).map(String.init) } ?? [], task: chosen,
            source: "inline")
    }
}
