/// A data set cut in two for training and validation.
public struct DatasetSplit: Sendable, Equatable {
    /// The examples to train on.
    public let training: Dataset
    /// The held-out examples.
    public let validation: Dataset
}

extension Dataset {
    /// The examples at `indices`, in that order (repeats allowed).
    public func rows(_ indices: [Int]) throws(DataError) -> Dataset {
        var pickedInputs: [Double] = []
        var pickedTargets: [Double] = []
        pickedInputs.reserveCapacity(indices.count * featureCount)
        pickedTargets.reserveCapacity(indices.count * targetWidth)
        for index in indices {
            guard index >= 0, index < count else {
                throw .rowOutOfRange(dataset: name, row: index, count: count)
            }
            pickedInputs.append(contentsOf: input(index))
            pickedTargets.append(contentsOf: target(index))
        }
        return try Dataset(
            name: name, inputs: pickedInputs, targets: pickedTargets, featureNames: featureNames,
            targetNames: targetNames, classNames: classNames, task: task, source: source,
            inputVocabulary: inputVocabulary)
    }

    /// The same examples in an order fixed by `seed` (Fisher-Yates on `RandomSource`).
    public func shuffled(seed: UInt64) -> Dataset {
        var random = RandomSource(seed: seed)
        // Every index of a permutation is in range, so `rows` cannot fail here.
        return try! rows(random.permutation(count))
    }

    /// Shuffles with `seed`, then puts `validationFraction` of the examples
    /// (rounded to the nearest whole example) in the validation part.
    public func split(validationFraction: Double, seed: UInt64) throws(DataError) -> DatasetSplit {
        guard validationFraction > 0, validationFraction < 1 else {
            throw .invalidFraction(value: validationFraction)
        }
        let validationCount = Int((Double(count) * validationFraction).rounded())
        guard validationCount > 0, validationCount < count else {
            throw .splitLeavesEmptyPart(
                dataset: name, count: count, validationFraction: validationFraction)
        }
        var random = RandomSource(seed: seed)
        let order = random.permutation(count)
        var training = try rows(Array(order[validationCount...]))
        var validation = try rows(Array(order[..<validationCount]))
        training.name = "\(name) (training)"
        validation.name = "\(name) (validation)"
        return DatasetSplit(training: training, validation: validation)
    }
}
