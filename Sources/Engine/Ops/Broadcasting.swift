/// How each element of a broadcast result finds its element in one operand
/// (NumPy rules: shapes align on the right, size-1 axes repeat).
enum BroadcastMap {
    /// Same shape: index i is index i.
    case identity
    /// A one-element operand.
    case scalar
    /// The operand's shape is the trailing part of the result's: index i % count.
    case suffix(count: Int)
    /// Any other pattern, tabulated once when the node is built.
    case table([Int])

    @inline(__always)
    func index(_ i: Int) -> Int {
        switch self {
        case .identity: i
        case .scalar: 0
        case .suffix(let count): i % count
        case .table(let table): table[i]
        }
    }

    /// The map from a result of shape `target` to an operand of shape `source`.
    init(from source: [Int], to target: [Int]) {
        let sourceCount = source.reduce(1, *)
        if source == target {
            self = .identity
            return
        }
        if sourceCount == 1 {
            self = .scalar
            return
        }
        let trimmed = Array(source.drop { $0 == 1 })
        if trimmed.count <= target.count, Array(target.suffix(trimmed.count)) == trimmed {
            self = .suffix(count: sourceCount)
            return
        }
        let padded = Array(repeating: 1, count: target.count - source.count) + source
        var strides = Array(repeating: 0, count: target.count)
        var step = 1
        for axis in (0..<target.count).reversed() {
            strides[axis] = padded[axis] == 1 ? 0 : step
            step *= padded[axis]
        }
        let targetCount = target.reduce(1, *)
        var table = Array(repeating: 0, count: targetCount)
        var position = Array(repeating: 0, count: target.count)
        for flat in 0..<targetCount {
            var sourceIndex = 0
            for axis in 0..<target.count { sourceIndex += position[axis] * strides[axis] }
            table[flat] = sourceIndex
            var axis = target.count - 1
            while axis >= 0 {
                position[axis] += 1
                if position[axis] < target[axis] { break }
                position[axis] = 0
                axis -= 1
            }
        }
        self = .table(table)
    }

    /// The shape two operands broadcast to, or nil when they cannot.
    static func resultShape(_ left: [Int], _ right: [Int]) -> [Int]? {
        let rank = max(left.count, right.count)
        let l = Array(repeating: 1, count: rank - left.count) + left
        let r = Array(repeating: 1, count: rank - right.count) + right
        var result: [Int] = []
        for (a, b) in zip(l, r) {
            if a == b || b == 1 {
                result.append(a)
            } else if a == 1 {
                result.append(b)
            } else {
                return nil
            }
        }
        return result
    }
}
