import XCTest

@testable import Engine

/// Every primitive op's backward against central finite differences in Float64.
final class OpGradientTests: XCTestCase {
    /// Builds a scalar from `inputs` through `op` (output · fixed weights, summed) and
    /// compares each input's gradient with (f(x+h) − f(x−h)) / 2h.
    private func checkGradients(
        shapes: [[Int]], values: ((Int, Int) -> Double)? = nil, file: StaticString = #filePath,
        line: UInt = #line,
        _ op: ([Tensor]) throws -> Tensor
    ) throws {
        var random = RandomSource(seed: 11)
        let inputs = try shapes.enumerated().map { (position, shape) in
            let count = shape.reduce(1, *)
            let data = (0..<count).map { values?(position, $0) ?? random.nextUniform(in: -1.5, 1.5) }
            return try Tensor(shape: shape, values: data, dtype: .float64, requiresGrad: true)
        }
        let output = try op(inputs)
        let weights = try Tensor(
            shape: output.shape, values: (0..<output.count).map { _ in random.nextUniform(in: 0.5, 1.5) },
            dtype: .float64)
        let scalar = try (output * weights).sum()
        let graph = Graph(output: scalar)
        try graph.backward()
        for (position, input) in inputs.enumerated() {
            let analytic = try XCTUnwrap(input.grad, file: file, line: line)
            for index in 0..<input.count {
                let original = input[flat: index]
                let h = 1e-6
                input[flat: index] = original + h
                graph.forward()
                let plus = scalar.item
                input[flat: index] = original - h
                graph.forward()
                let minus = scalar.item
                input[flat: index] = original
                let numeric = (plus - minus) / (2 * h)
                let error = GradientCheckResult.relativeError(
                    analytic: analytic[index], numeric: numeric, floor: 1e-4)
                XCTAssertLessThan(
                    error, 1e-6, "input \(position) element \(index): \(analytic[index]) vs \(numeric)",
                    file: file,
                    line: line)
            }
        }
    }

    func testUnaryFunctions() throws {
        let functions: [UnaryFunction] = [
            .negate, .exp, .tanh, .sigmoid, .leakyRelu(slope: 0.1), .gelu, .scale(-2.5), .shift(3),
            .clamp(low: -0.5, high: 0.7), .relu, .abs,
        ]
        for function in functions {
            try checkGradients(shapes: [[3, 4]]) { $0[0].apply(function) }
        }
    }

    func testFunctionsNeedingPositiveInputs() throws {
        let positive: (Int, Int) -> Double = { _, index in 0.3 + 0.17 * Double(index) }
        for function: UnaryFunction in [.log, .clampedLog(floor: -100), .sqrt, .power(2.5), .power(-1)] {
            try checkGradients(shapes: [[2, 5]], values: positive) { $0[0].apply(function) }
        }
    }

    func testBinaryWithBroadcasting() throws {
        let shapePairs: [([Int], [Int])] = [
            ([3, 4], [3, 4]), ([3, 4], [4]), ([3, 4], [3, 1]), ([3, 4], []), ([1, 4], [3, 1]),
        ]
        for (left, right) in shapePairs {
            try checkGradients(shapes: [left, right]) { try $0[0] + $0[1] }
            try checkGradients(shapes: [left, right]) { try $0[0] - $0[1] }
            try checkGradients(shapes: [left, right]) { try $0[0] * $0[1] }
            try checkGradients(shapes: [left, right]) { try $0[0].maximum($0[1]) }
        }
        let awayFromZero: (Int, Int) -> Double = { position, index in
            position == 1 ? 0.5 + 0.1 * Double(index) : Double(index % 5) - 2.2
        }
        try checkGradients(shapes: [[3, 4], [4]], values: awayFromZero) { try $0[0] / $0[1] }
    }

    func testMatMulSmallAndThroughBLAS() throws {
        try checkGradients(shapes: [[3, 2], [2, 5]]) { try $0[0].matmul($0[1]) }
        try checkGradients(shapes: [[20, 16], [16, 17]]) { try $0[0].matmul($0[1]) }
    }

    func testAffineGradientsByFiniteDifferences() throws {
        try checkGradients(shapes: [[3, 2], [2, 5], [5]]) { try $0[0].affine(weight: $0[1], bias: $0[2]) }
    }

    /// Through BLAS (C prefilled with the bias, beta 1) the fused node must give what the
    /// composed matmul + add gives, values and every gradient, to rounding.
    func testAffineThroughBLASEqualsProductPlusBias() throws {
        func leaves(seed: UInt64) throws -> [Tensor] {
            var random = RandomSource(seed: seed)
            return try [[20, 16], [16, 17], [17]].map { shape in
                let count = shape.reduce(1, *)
                return try Tensor(
                    shape: shape, values: (0..<count).map { _ in random.nextNormal() }, dtype: .float64,
                    requiresGrad: true)
            }
        }
        let fused = try leaves(seed: 7)
        let composed = try leaves(seed: 7)
        let fusedOutput = try fused[0].affine(weight: fused[1], bias: fused[2])
        let composedOutput = try composed[0].matmul(composed[1]) + composed[2]
        for (one, other) in zip(fusedOutput.scalars, composedOutput.scalars) {
            XCTAssertEqual(one, other, accuracy: 1e-12)
        }
        try (fusedOutput * fusedOutput).sum().backward()
        try (composedOutput * composedOutput).sum().backward()
        for (one, other) in zip(fused, composed) {
            for (a, b) in zip(try XCTUnwrap(one.grad), try XCTUnwrap(other.grad)) {
                XCTAssertEqual(a, b, accuracy: 1e-10 * max(1, abs(b)))
            }
        }
        XCTAssertThrowsError(
            try fused[0].affine(weight: fused[1], bias: Tensor(zeros: [16], dtype: .float64))
        ) {
            error in
            XCTAssertEqual(
                error as? EngineError, .shapeMismatch(operation: "affine", left: [20, 17], right: [16]))
        }
    }

    func testReductions() throws {
        for axes: [Int]? in [nil, [0], [1], [-1], [0, 1]] {
            try checkGradients(shapes: [[3, 4]]) { try $0[0].sum(axes: axes) }
            try checkGradients(shapes: [[3, 4]]) { try $0[0].mean(axes: axes, keepingDimensions: true) }
        }
    }

    func testLogSoftmaxSoftmaxAndGather() throws {
        try checkGradients(shapes: [[4, 3]]) { try $0[0].logSoftmax() }
        try checkGradients(shapes: [[4, 3]]) { try $0[0].softmax() }
        let indices = try Tensor(shape: [4], values: [2, 0, 1, 2], dtype: .float64)
        try checkGradients(shapes: [[4, 3]]) { try $0[0].gather(indices: indices) }
    }

    func testConcatAndSlice() throws {
        for axis in [0, 1, -1] {
            try checkGradients(shapes: [[2, 3], [2, 3]]) { try Tensor.concat($0, axis: axis) }
        }
        try checkGradients(shapes: [[2, 3], [2, 1]]) { try Tensor.concat($0, axis: 1) }
        try checkGradients(shapes: [[4, 3]]) { try $0[0].slice(1..<3, axis: 0) }
        try checkGradients(shapes: [[4, 3]]) { try $0[0].slice(2..<3, axis: 1) }
        let joined = try Tensor.concat(
            [Tensor(shape: [1, 2], values: [1, 2]), Tensor(shape: [1, 1], values: [3])], axis: 1)
        XCTAssertEqual(joined.shape, [1, 3])
        XCTAssertEqual(joined.scalars, [1, 2, 3])
        XCTAssertEqual(try joined.slice(1..<3, axis: 1).scalars, [2, 3])
        XCTAssertThrowsError(try Tensor.concat([Tensor(zeros: [2, 2]), Tensor(zeros: [3, 3])], axis: 0)) {
            XCTAssertEqual(
                $0 as? EngineError, .shapeMismatch(operation: "concat", left: [2, 2], right: [3, 3]))
        }
    }

    func testGradientsAccumulateAcrossBackwardCalls() throws {
        let x = try Tensor(shape: [2], values: [1, 2], dtype: .float64, requiresGrad: true)
        let y = try (x * x).sum()
        let graph = Graph(output: y)
        try graph.backward()
        XCTAssertEqual(x.grad, [2, 4])
        try graph.backward()
        XCTAssertEqual(x.grad, [4, 8])
        x.zeroGrad()
        try graph.backward()
        XCTAssertEqual(x.grad, [2, 4])
    }

    /// The residual add's and the layer norm gain's own loops: a tensor on both sides of an
    /// add or subtract, and a row broadcast over a batch, accumulate like the general loop.
    func testSameShapeAndRowBroadcastGradientsAccumulate() throws {
        let x = try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6], dtype: .float64, requiresGrad: true)
        try Graph(output: try (x + x).sum()).backward()
        XCTAssertEqual(x.grad, Array(repeating: 2, count: 6))
        x.zeroGrad()
        try Graph(output: try (x - x).sum()).backward()
        XCTAssertEqual(x.grad, Array(repeating: 0, count: 6))

        let a = try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6], dtype: .float64, requiresGrad: true)
        let b = try Tensor(shape: [2, 3], values: [6, 5, 4, 3, 2, 1], dtype: .float64, requiresGrad: true)
        let difference = Graph(output: try (a - b).sum())
        try difference.backward()
        try difference.backward()
        XCTAssertEqual(b.grad, Array(repeating: -2, count: 6))

        let gain = try Tensor(shape: [3], values: [0.5, -1, 2], dtype: .float64, requiresGrad: true)
        let scaled = try x * gain
        XCTAssertEqual(scaled.scalars, [0.5, -2, 6, 2, -5, 12])
        x.zeroGrad()
        let product = Graph(output: try scaled.sum())
        try product.backward()
        try product.backward()
        XCTAssertEqual(gain.grad, [10, 14, 18])
        XCTAssertEqual(x.grad, [1, -2, 4, 1, -2, 4])
    }

    func testBLASGradientsAccumulateAndOverwriteOnlyAfterZeroing() throws {
        var random = RandomSource(seed: 4)
        let a = try Tensor(
            shape: [20, 30], values: (0..<600).map { _ in random.nextNormal() }, dtype: .float64,
            requiresGrad: true)
        let b = try Tensor(
            shape: [30, 10], values: (0..<300).map { _ in random.nextNormal() }, dtype: .float64,
            requiresGrad: true)
        let graph = Graph(output: try a.matmul(b).sum())
        try graph.backward()
        let once = try XCTUnwrap(b.grad)
        try graph.backward()
        XCTAssertEqual(try XCTUnwrap(b.grad), once.map { 2 * $0 })
        b.zeroGrad()
        XCTAssertEqual(b.grad, Array(repeating: 0, count: 300))
        b.zeroGrad()
        try graph.backward()
        XCTAssertEqual(try XCTUnwrap(b.grad), once)
    }

    func testShapeErrorsCarryBothShapes() throws {
        let a = Tensor(zeros: [2, 3])
        let b = Tensor(zeros: [4, 5])
        XCTAssertThrowsError(try a.matmul(b)) { error in
            XCTAssertEqual(
                error as? EngineError, .shapeMismatch(operation: "matmul", left: [2, 3], right: [4, 5]))
        }
        XCTAssertThrowsError(try a + b) { error in
            XCTAssertEqual(
                error as? EngineError, .shapeMismatch(operation: "add", left: [2, 3], right: [4, 5]))
        }
        XCTAssertThrowsError(try a.sum(axes: [2])) { error in
            XCTAssertEqual(error as? EngineError, .axisOutOfRange(axis: 2, rank: 2))
        }
        XCTAssertThrowsError(try (a + Tensor(scalar: 1)).backward()) { error in
            XCTAssertEqual(error as? EngineError, .backwardNeedsScalar(shape: [2, 3]))
        }
    }

    func testLogSoftmaxIsStableForLargeLogits() throws {
        let x = try Tensor(shape: [1, 3], values: [1000, 1001, 1002], dtype: .float32)
        let y = try x.logSoftmax().scalars
        XCTAssertEqual(y[2], -0.40760596, accuracy: 1e-5)
        XCTAssertTrue(y.allSatisfy(\.isFinite))
    }

    /// Token ids that repeat, so a table row's gradient sums several output rows.
    func testEmbeddingLookupAndReshape() throws {
        let ids = try Tensor(shape: [2, 3], values: [0, 3, 3, 1, 0, 3], dtype: .float64)
        try checkGradients(shapes: [[4, 2]]) { try $0[0].embedding(indices: ids) }
        try checkGradients(shapes: [[4, 2]]) { try $0[0].embedding(indices: ids).reshaped([2, 6]) }
        try checkGradients(shapes: [[3, 4]]) { try $0[0].reshaped([2, 6]) }
    }

    /// Two sequences of four positions, two heads of width 3: every q, k and v entry's gradient
    /// through the masked softmax.
    func testCausalSelfAttention() throws {
        try checkGradients(shapes: [[8, 18]]) { try $0[0].causalSelfAttention(positions: 4, heads: 2).output }
        try checkGradients(shapes: [[3, 6]]) { try $0[0].causalSelfAttention(positions: 3, heads: 1).output }
    }

    /// With attention dropout: a fixed mask of zeros and 1/(1 − p) on the weights, every q, k
    /// and v entry's gradient through the mask and the masked softmax.
    func testCausalSelfAttentionWithADropoutMask() throws {
        for (positions, heads, rows) in [(4, 2, 8), (3, 1, 3)] {
            try checkGradients(shapes: [[rows, 3 * heads * 3]]) {
                let (output, _, masks) = try $0[0].causalSelfAttention(
                    positions: positions, heads: heads, dropout: 0.5)
                let mask = try XCTUnwrap(masks.first).tensor
                for index in 0..<mask.count { mask[flat: index] = index % 3 == 1 ? 0 : 2 }
                Graph(output: output).forward()
                return output
            }
        }
    }

    /// Over 37 positions, where the products run in row blocks of 16 (the last one short),
    /// the output and ∂qkv equal attention written out pair by pair, to rounding.
    func testCausalSelfAttentionAgainstPairByPairSums() throws {
        let (positions, heads, width, sequences) = (37, 2, 8, 2)
        let d = width / heads
        var random = RandomSource(seed: 5)
        let rows = sequences * positions
        let values = (0..<(rows * 3 * width)).map { _ in random.nextUniform(in: -1.5, 1.5) }
        let upstream = (0..<(rows * width)).map { _ in random.nextUniform(in: -1, 1) }
        let qkv = try Tensor(shape: [rows, 3 * width], values: values, dtype: .float64, requiresGrad: true)
        let output = try qkv.causalSelfAttention(positions: positions, heads: heads).output
        try Graph(
            output: try (output * Tensor(shape: [rows, width], values: upstream, dtype: .float64)).sum()
        )
        .backward()

        var y = [Double](repeating: 0, count: rows * width)
        var dqkv = [Double](repeating: 0, count: rows * 3 * width)
        let scale = 1 / Double(d).squareRoot()
        func at(_ row: Int, _ part: Int, _ head: Int, _ e: Int) -> Int {
            row * 3 * width + part * width + head * d + e
        }
        for sequence in 0..<sequences {
            for head in 0..<heads {
                let base = sequence * positions
                var p = [[Double]](repeating: [Double](repeating: 0, count: positions), count: positions)
                for i in 0..<positions {
                    let scores = (0...i).map { j in
                        (0..<d).reduce(0.0) {
                            $0 + values[at(base + i, 0, head, $1)] * values[at(base + j, 1, head, $1)]
                        }
                            * scale
                    }
                    let largest = scores.max()!
                    let total = scores.reduce(0.0) { $0 + exp($1 - largest) }
                    for j in 0...i { p[i][j] = exp(scores[j] - largest) / total }
                    for e in 0..<d {
                        y[(base + i) * width + head * d + e] = (0...i).reduce(0.0) {
                            $0 + p[i][$1] * values[at(base + $1, 2, head, e)]
                        }
                    }
                }
                for i in 0..<positions {
                    let dyRow = (0..<d).map { upstream[(base + i) * width + head * d + $0] }
                    let dp = (0...i).map { j in
                        (0..<d).reduce(0.0) { $0 + dyRow[$1] * values[at(base + j, 2, head, $1)] }
                    }
                    let dot = (0...i).reduce(0.0) { $0 + p[i][$1] * dp[$1] }
                    for j in 0...i {
                        let ds = p[i][j] * (dp[j] - dot) * scale
                        for e in 0..<d {
                            dqkv[at(base + j, 2, head, e)] += p[i][j] * dyRow[e]
                            dqkv[at(base + i, 0, head, e)] += ds * values[at(base + j, 1, head, e)]
                            dqkv[at(base + j, 1, head, e)] += ds * values[at(base + i, 0, head, e)]
                        }
                    }
                }
            }
        }
        for (got, want) in zip(output.scalars, y) { XCTAssertEqual(got, want, accuracy: 1e-12) }
        for (got, want) in zip(try XCTUnwrap(qkv.grad), dqkv) { XCTAssertEqual(got, want, accuracy: 1e-12) }
    }

    func testProductWithATransposedRightOperand() throws {
        try checkGradients(shapes: [[3, 4], [5, 4]]) { try $0[0].matmul(transposing: $0[1]) }
        try checkGradients(shapes: [[6, 8], [9, 8]]) { try $0[0].matmul(transposing: $0[1]) }
    }

    func testLayerNormalization() throws {
        try checkGradients(shapes: [[3, 5]]) { try $0[0].layerNormalized() }
        try checkGradients(shapes: [[2, 1]]) { try $0[0].layerNormalized(epsilon: 0.5) }
    }
}
