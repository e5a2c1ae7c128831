import XCTest

@testable import Engine

/// The hand-written Float16 and bfloat16 rounding, the loss scaler, and a mixed-precision step.
final class ReducedPrecisionTests: XCTestCase {
    func testRoundingAgreesWithTorchBitForBit() throws {
        let golden = try FineTuneGoldenFile.load()
        XCTAssertGreaterThan(golden.rounding.count, 70)
        for row in golden.rounding {
            let value = Float(bitPattern: row.f32)
            // A NaN's payload is the converting loop's (torch's vectorised bfloat16 gives 0xFFFF).
            if value.isNaN {
                XCTAssertTrue(ReducedPrecision.float16.round(value).isNaN)
                XCTAssertTrue(ReducedPrecision.bfloat16.round(value).isNaN)
                XCTAssertTrue(ReducedPrecision.bfloat16.value(ofBits: row.bf16).isNaN)
                continue
            }
            XCTAssertEqual(ReducedPrecision.float16.bits(of: value), row.f16, "f16 of \(value)")
            XCTAssertEqual(ReducedPrecision.bfloat16.bits(of: value), row.bf16, "bf16 of \(value)")
        }
    }

    func testEdgeCasesOfFloat16() {
        let f16 = ReducedPrecision.float16
        XCTAssertEqual(f16.round(Float(65504)), 65504)
        XCTAssertEqual(f16.round(Float(65519.99)), 65504)  // below the tie with 65536
        XCTAssertEqual(f16.round(Float(65520)), .infinity)  // the tie rounds to the even, infinity
        XCTAssertEqual(f16.round(Float(-1e6)), -.infinity)
        XCTAssertEqual(f16.round(Float(0x1p-24)), 0x1p-24)  // the smallest subnormal
        XCTAssertEqual(f16.round(Float(0x1p-25)), 0)  // its half: a tie, to the even zero
        XCTAssertEqual(f16.round(Float(0x1.000002p-25)), 0x1p-24)  // just above the tie
        XCTAssertEqual(f16.round(Float(0x1.8p-24)), 0x1p-23)  // 1.5 subnormals: a tie, to the even 2
        XCTAssertEqual(f16.round(Float(0x1.4p-23)), 0x1p-23)  // 2.5 subnormals: to the even 2
        XCTAssertEqual(f16.round(Float(1e-8)), 0)  // flushed: the underflow loss scaling prevents
        XCTAssertEqual(f16.round(1 + 0x1p-11 as Float), 1)  // a tie between 1 and 1 + 2⁻¹⁰, to the even 1
        XCTAssertEqual(f16.round(1 + 3 * 0x1p-11 as Float), 1 + 0x1p-9)  // a tie, to the even 1 + 2⁻⁹
        XCTAssertEqual(f16.round(Float(-0.0)).sign, .minus)
        XCTAssertTrue(f16.round(Float.nan).isNaN)
        XCTAssertEqual(f16.bits(of: .nan), 0x7E00)
        // A Float64 is rounded through Float32, as torch converts: 1 + 2⁻¹¹ + 2⁻⁴⁰ becomes the
        // Float32 tie 1 + 2⁻¹¹ and then 1, where a direct rounding would give 1 + 2⁻¹⁰.
        XCTAssertEqual(f16.round(1 + 0x1p-11 + 0x1p-40 as Double), 1)
    }

    func testEdgeCasesOfBFloat16() {
        let bf16 = ReducedPrecision.bfloat16
        XCTAssertEqual(bf16.round(1 + 0x1p-8 as Float), 1)  // a tie, to the even 1
        XCTAssertEqual(bf16.round(1 + 3 * 0x1p-8 as Float), 1 + 0x1p-6)  // a tie, to the even
        XCTAssertEqual(bf16.round(Float(1e-40)), Float(bitPattern: 0x0001_0000))  // subnormals stay
        XCTAssertEqual(bf16.round(Float.greatestFiniteMagnitude), .infinity)
        XCTAssertEqual(bf16.round(Float(bf16.greatestFiniteMagnitude)), Float(bf16.greatestFiniteMagnitude))
        XCTAssertEqual(bf16.round(Float(1e-8)), Float(bitPattern: 0x322C_0000))  // bf16 keeps 1e-8
        XCTAssertTrue(bf16.round(Float.nan).isNaN)
        XCTAssertEqual(bf16.round(-Float.infinity), -.infinity)
    }

    /// Every Float16 value and the midpoints between neighbours, against Swift's Float16 (the
    /// compiler runtime's conversion on x86-64 Linux), which this code must equal bit for bit.
    func testEveryFloat16AndEveryMidpointAgreesWithSwiftFloat16() {
        for bits in UInt16(0)...UInt16(0x7BFF) {
            for sign: UInt16 in [0, 0x8000] {
                let value = ReducedPrecision.float16.value(ofBits: bits | sign)
                XCTAssertEqual(ReducedPrecision.float16.bits(of: value), bits | sign)
                let next = ReducedPrecision.float16.value(ofBits: (bits + 1) | sign)
                for probe in [(value + next) / 2, value.nextUp, value.nextDown] {
                    XCTAssertEqual(
                        ReducedPrecision.float16.bits(of: probe), Float16(probe).bitPattern, "\(probe)")
                }
            }
        }
    }

    func testDynamicScalerGrowsAfterItsIntervalAndBacksOffOnOverflow() {
        var scaler = LossScaler(.dynamic(initial: 8, growth: 2, backoff: 0.5, interval: 3))
        XCTAssertEqual(scaler.scale, 8)
        XCTAssertFalse(scaler.record(finite: true))
        XCTAssertFalse(scaler.record(finite: true))
        XCTAssertFalse(scaler.record(finite: true))
        XCTAssertEqual(scaler.scale, 16)
        XCTAssertFalse(scaler.record(finite: true))
        XCTAssertTrue(scaler.record(finite: false))
        XCTAssertEqual(scaler.scale, 8)
        XCTAssertEqual(scaler.goodSteps, 0)
        XCTAssertEqual(scaler.skippedSteps, 1)
        var fixed = LossScaler(.fixed(1024))
        XCTAssertFalse(fixed.record(finite: false))
        XCTAssertEqual(fixed.scale, 1024)
        XCTAssertEqual(LossScaler(.dynamic()).scale, 65536)
    }

    /// A net whose output is 0 (its last layer zero) against targets 1e-8: the loss's gradient
    /// is -1e-8 a row, below Float16's smallest subnormal 2⁻²⁴ ≈ 6e-8.
    private func tinyGradientStep(_ scaling: LossScaling) throws -> (Network, MixedPrecisionReport) {
        let network = try Network("2 -> 2 tanh -> 1", dtype: .float32, seed: 3)
        try network.parameter(named: "L2.W").assign([0, 0])
        try network.parameter(named: "L2.b").assign([0])
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 1))
        trainer.useMixedPrecision(MixedPrecision(format: .float16, scaling: scaling))
        try trainer.step(inputs: [0.5, -0.25, 1, 0.75], targets: [1e-8, 1e-8], rows: 2)
        return (network, try XCTUnwrap(trainer.mixedPrecisionReport))
    }

    func testSmallGradientsUnderflowWithoutScalingAndSurviveWithIt() throws {
        let (unscaledNet, unscaled) = try tinyGradientStep(.none)
        XCTAssertEqual(unscaled.layers.map(\.layer), ["L1", "L2"])
        XCTAssertEqual(unscaled.layers[1].deltaFlushedLastStep, 2, "both rows' deltas flushed")
        XCTAssertEqual(try unscaledNet.parameter(named: "L2.W").grad, [0, 0])
        XCTAssertEqual(try unscaledNet.parameter(named: "L2.b").scalars, [0], "no update")
        let (scaledNet, scaled) = try tinyGradientStep(.dynamic())
        XCTAssertEqual(scaled.layers.map(\.deltaFlushedLastStep), [0, 0])
        XCTAssertEqual(scaled.layers.map(\.flushedLastStep), [0, 0])
        XCTAssertEqual(scaled.scaler.scale, 65536)
        let gradient = try XCTUnwrap(scaledNet.parameter(named: "L2.b").grad)
        // -2·1e-8 summed over two rows' halves: -2e-8, to Float16's precision after the scale.
        XCTAssertEqual(gradient[0], -2e-8, accuracy: 2e-11)
    }

    /// bfloat16 has Float32's exponent range: the same tiny gradient survives without a scale.
    func testBFloat16KeepsTheSmallGradientsUnscaled() throws {
        let network = try Network("2 -> 2 tanh -> 1", dtype: .float32, seed: 3)
        try network.parameter(named: "L2.W").assign([0, 0])
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 1))
        trainer.useMixedPrecision(MixedPrecision(format: .bfloat16, scaling: .none))
        let bias = try network.parameter(named: "L2.b").item
        try trainer.step(inputs: [0.5, -0.25, 1, 0.75], targets: [bias + 1e-3, bias + 1e-3], rows: 2)
        let report = try XCTUnwrap(trainer.mixedPrecisionReport)
        XCTAssertEqual(report.layers.map(\.deltaFlushedLastStep), [0, 0])
        XCTAssertNotEqual(try network.parameter(named: "L2.b").grad, [0])
    }

    func testAnOverflowSkipsTheStepAndBacksOff() throws {
        let network = try Network("2 -> 1", dtype: .float32, seed: 3)
        let before = network.parameters.map(\.scalars)
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 0.1))
        trainer.useMixedPrecision(MixedPrecision(format: .float16, scaling: .dynamic()))
        // A loss gradient of about 100, times 65536, is past Float16's 65504.
        try trainer.step(inputs: [1, 1], targets: [100], rows: 1)
        let report = try XCTUnwrap(trainer.mixedPrecisionReport)
        XCTAssertEqual(report.scaler.skippedSteps, 1)
        XCTAssertEqual(report.scaler.scale, 32768)
        XCTAssertGreaterThan(report.layers[0].overflowedTotal, 0)
        XCTAssertEqual(network.parameters.map(\.scalars), before, "the skipped step changed nothing")
        XCTAssertEqual(trainer.stepCount, 1)
    }

    func testTheRoundedPassHoldsFloat16ValuesAndDeltas() throws {
        let network = try Network("3 -> 4 tanh -> 2 softmax", dtype: .float64, seed: 9)
        let trainer = Trainer(network: network, loss: Loss(.crossEntropy), optimizer: SGD(learningRate: 0.1))
        trainer.useMixedPrecision(MixedPrecision(format: .float16, scaling: .none))
        try trainer.step(inputs: [0.1, 0.2, 0.3, -0.4, 0.5, 0.6], targets: [0, 1], rows: 2)
        let plan = try XCTUnwrap(network.lastPlan)
        let delta = plan.traces[1].delta ?? []
        XCTAssertEqual(delta.count, 4)
        for value in plan.logits.scalars + delta + (try network.parameter(named: "L1.W").grad ?? []) {
            XCTAssertEqual(ReducedPrecision.float16.round(value), value, "\(value) is a Float16")
        }
        XCTAssertNotEqual(plan.traces[1].preActivation.scalars, plan.logits.scalars)
    }
}
