import XCTest

@testable import Engine

/// Distillation's loss and gradients, and parameter groups under a schedule, against PyTorch
/// (Fixtures/golden-finetune.json, from tools/golden/make_golden_finetune.py).
final class FineTuneGoldenTests: XCTestCase {
    private func assertClose(
        _ actual: [Double], _ expected: [Double], within tolerance: Double, _ context: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(actual.count, expected.count, context, file: file, line: line)
        for (index, (a, e)) in zip(actual, expected).enumerated() where Swift.abs(a - e) > tolerance {
            XCTFail("\(context)[\(index)]: \(a) vs PyTorch \(e)", file: file, line: line)
            return
        }
    }

    func testDistillationLossAndGradientsAgreeWithPyTorchWithin1e10() throws {
        let golden = try FineTuneGoldenFile.load()
        XCTAssertEqual(golden.distillation.count, 4)
        for goldenCase in golden.distillation {
            let context = "T=\(goldenCase.temperature) α=\(goldenCase.alpha)"
            let student = try Network("5 -> 5 softmax", dtype: .float64)
            let teacher = try Network("5 -> 5 softmax", dtype: .float64)
            for (name, values) in goldenCase.student { try student.parameter(named: name).assign(values) }
            for (name, values) in goldenCase.teacher { try teacher.parameter(named: name).assign(values) }
            let trainer = Trainer(
                network: student, loss: Loss(.crossEntropy), optimizer: SGD(learningRate: 0))
            try trainer.useDistillation(
                Distillation(teacher: teacher, temperature: goldenCase.temperature, alpha: goldenCase.alpha))
            let plan = try trainer.trainingPlan(rows: 4)
            try plan.load(inputs: goldenCase.inputs)
            try plan.load(targets: goldenCase.labels)
            student.zeroGradients()
            let loss = try trainer.objectiveForward(plan)
            try trainer.objectiveBackward(plan)
            assertClose(plan.logits.scalars, goldenCase.student_logits, within: 1e-12, "\(context) s")
            assertClose([loss], [goldenCase.loss], within: 1e-10, "\(context) loss")
            assertClose(
                try XCTUnwrap(plan.logits.grad), goldenCase.logit_grad, within: 1e-10, "\(context) ∂/∂s")
            assertClose(
                try XCTUnwrap(student.parameter(named: "L1.W").grad), goldenCase.weight_grad, within: 1e-10,
                "\(context) ∂/∂W")
            assertClose(
                try XCTUnwrap(student.parameter(named: "L1.b").grad), goldenCase.bias_grad, within: 1e-10,
                "\(context) ∂/∂b")
            // The teacher received no gradient.
            XCTAssertNil(try teacher.parameter(named: "L1.W").grad, context)
        }
    }

    func testDistillationLeavesTheTeacherAsItWas() throws {
        let golden = try FineTuneGoldenFile.load()
        let goldenCase = golden.distillation[0]
        let student = try Network("5 -> 5 softmax", dtype: .float64)
        let teacher = try Network("5 -> 5 softmax", dtype: .float64)
        for (name, values) in goldenCase.teacher { try teacher.parameter(named: name).assign(values) }
        let trainer = Trainer(network: student, loss: Loss(.crossEntropy), optimizer: SGD(learningRate: 0.5))
        try trainer.useDistillation(Distillation(teacher: teacher, temperature: 2, alpha: 0.5))
        for _ in 0..<3 {
            try trainer.step(inputs: goldenCase.inputs, targets: goldenCase.labels, rows: 4)
        }
        XCTAssertEqual(try teacher.parameter(named: "L1.W").scalars, goldenCase.teacher["L1.W"])
        XCTAssertNil(teacher.lastPlan)
    }

    func testDistillationRefusesALossOtherThanCrossEntropy() throws {
        let student = try Network("5 -> 5 softmax", dtype: .float64)
        let teacher = try Network("5 -> 5 softmax", dtype: .float64)
        let trainer = Trainer(network: student, loss: Loss(.mse), optimizer: SGD(learningRate: 0))
        XCTAssertThrowsError(
            try trainer.useDistillation(Distillation(teacher: teacher, temperature: 2, alpha: 1)))
    }

    /// torch.optim.Adam with the first layer in a group of its own lr, under CosineAnnealingLR:
    /// each group's rate follows the schedule from its own base, to the same eta_min.
    func testParameterGroupsFollowTheScheduleAsTorchOptimDoes() throws {
        let golden = try FineTuneGoldenFile.load().groups
        let network = try Network(golden.spec, dtype: .float64)
        for (name, values) in golden.initial { try network.parameter(named: name).assign(values) }
        for (layer, rate) in golden.group_lr {
            for parameter in try XCTUnwrap(network.layer(named: layer)).parameters {
                parameter.learningRate = rate
            }
        }
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: Adam(learningRate: golden.lr))
        trainer.schedule = .cosine(period: golden.period, minimum: golden.eta_min)
        for (step, expected) in golden.weights.enumerated() {
            try trainer.step(inputs: golden.inputs, targets: golden.targets, rows: 4)
            let rates = [
                try network.parameter(named: "L1.W").learningRate ?? .nan, trainer.optimizer.learningRate,
            ]
            assertClose(rates, golden.rates[step], within: 1e-15, "rates at step \(step)")
            for (name, values) in expected {
                assertClose(
                    try network.parameter(named: name).scalars, values, within: 1e-10,
                    "\(name) at step \(step)")
            }
        }
        trainer.restoreLearningRates()
        XCTAssertEqual(try network.parameter(named: "L1.b").learningRate, 0.01)
        XCTAssertEqual(trainer.optimizer.learningRate, 0.1)
    }
}
