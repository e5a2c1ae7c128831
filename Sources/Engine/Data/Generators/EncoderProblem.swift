extension DatasetGenerators {
    /// The n-log2(n)-n encoder problem of Rumelhart, Hinton and Williams (1986): n input
    /// patterns, each with one unit on, to be reproduced at the output through log2(n)
    /// hidden units. Targets are the class indices 0..<n; `oneHotTargets()` gives the
    /// identity patterns for a squared-error net. `size` must be a power of two, at least 2.
    public static func encoder(size: Int) throws(DataError) -> Dataset {
        guard size >= 2, size & (size - 1) == 0 else { throw .encoderSizeNotPowerOfTwo(value: size) }
        var inputs = [Double](repeating: 0, count: size * size)
        for pattern in 0..<size { inputs[pattern * size + pattern] = 1 }
        let hidden = size.trailingZeroBitCount
        return assemble(
            name: "encoder \(size)-\(hidden)-\(size)", inputs: inputs, targets: (0..<size).map(Double.init),
            featureNames: (1...size).map { "x\($0)" }, classNames: (0..<size).map { "pattern \($0)" },
            task: size == 2 ? .binary : .multiclass(classCount: size), source: "encoder n=\(size)")
    }
}
