import XCTest

@testable import Engine

/// The engine against PyTorch on the same weights and data (Fixtures/golden.json):
/// forward values, deltas, gradients and 20-step trajectories for every loss and optimizer,
/// for Bengio's token net of an embedding, tanh and softmax (Fixtures/golden-lm.json), and for
/// a two-block GPT with a tied output layer over 10 AdamW steps (Fixtures/golden-gpt.json).
final class GoldenTests: XCTestCase {
    /// Asserts max|actual − expected| ≤ tolerance · scale for each tensor, where the
    /// scale is the tensor's largest magnitude (for weights, over the whole run):
    /// relative to the tensor, so an element that happens to cross zero is not
    /// judged against its own tiny size.
    private func assertClose(
        _ actual: [Double], _ expected: [Double], tolerance: Double, _ context: String,
        scale givenScale: Double? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(actual.count, expected.count, context, file: file, line: line)
        let scale = max(givenScale ?? expected.map(Swift.abs).max() ?? 0, 1e-300)
        for (index, (a, e)) in zip(actual, expected).enumerated() {
            let error = Swift.abs(a - e) / scale
            if error > tolerance {
                XCTFail(
                    "\(context)[\(index)]: \(a) vs PyTorch \(e) (relative \(error))", file: file, line: line)
                return
            }
        }
    }

    private func check(dtype: DType, firstStepTolerance: Double, trajectoryTolerance: Double) throws {
        for (file, count) in [("golden", 26), ("golden-lm", 2), ("golden-gpt", 1)] {
            let golden = try GoldenFile.load(file)
            XCTAssertEqual(golden.cases.count, count, file)
            try check(
                golden, dtype: dtype, firstStepTolerance: firstStepTolerance,
                trajectoryTolerance: trajectoryTolerance)
        }
    }

    private func check(
        _ golden: GoldenFile, dtype: DType, firstStepTolerance: Double, trajectoryTolerance: Double
    ) throws {
        for goldenCase in golden.cases {
            let context = "\(goldenCase.name) \(dtype)"
            let expected = goldenCase.run(for: dtype)
            let network = try Network(goldenCase.spec, dtype: dtype)
            for (name, values) in goldenCase.initial { try network.parameter(named: name).assign(values) }
            let trainer = Trainer(
                network: network, loss: goldenCase.engineLoss, optimizer: goldenCase.makeOptimizer())
            for step in 0..<golden.steps {
                let metrics = try trainer.step(
                    inputs: goldenCase.inputs, targets: goldenCase.targets, rows: goldenCase.rows)
                let tolerance = step == 0 ? firstStepTolerance : trajectoryTolerance
                assertClose(
                    [metrics.loss], [expected.losses[step]], tolerance: tolerance,
                    "\(context) loss at step \(step)")
                if step == 0 {
                    let traces = try XCTUnwrap(network.lastPlan?.traces)
                    for (layer, trace) in traces.enumerated() {
                        assertClose(
                            trace.preActivation.scalars, expected.first.z[layer], tolerance: tolerance,
                            "\(context) L\(layer + 1).z")
                        assertClose(
                            trace.output.scalars, expected.first.a[layer], tolerance: tolerance,
                            "\(context) L\(layer + 1).a")
                        assertClose(
                            try XCTUnwrap(trace.delta), expected.first.delta[layer], tolerance: tolerance,
                            "\(context) L\(layer + 1).delta")
                    }
                    for (name, values) in expected.first.grads {
                        assertClose(
                            try XCTUnwrap(network.parameter(named: name).grad), values, tolerance: tolerance,
                            "\(context) grad \(name)")
                    }
                }
                let weightTolerance =
                    dtype == .float32 ? max(tolerance, goldenCase.float32WeightTolerance ?? 0) : tolerance
                for (name, values) in expected.weights[step] {
                    let scale = ([goldenCase.initial[name] ?? []] + expected.weights.map { $0[name] ?? [] })
                        .joined().map(Swift.abs).max()
                    assertClose(
                        try network.parameter(named: name).scalars, values, tolerance: weightTolerance,
                        "\(context) \(name) after step \(step + 1)", scale: scale)
                }
            }
        }
    }

    func testFloat64AgreesWithPyTorchWithin1e10() throws {
        try check(dtype: .float64, firstStepTolerance: 1e-10, trajectoryTolerance: 1e-10)
    }

    func testFloat32AgreesWithPyTorchWithin1e5And1e4() throws {
        try check(dtype: .float32, firstStepTolerance: 1e-5, trajectoryTolerance: 1e-4)
    }
}
