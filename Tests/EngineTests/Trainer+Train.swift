import XCTest

@testable import Engine

extension Trainer {
    /// `run` with its options spelled out and a callback that only watches: the shape the
    /// engine's own tests drive the trainer in (the Language calls `run` itself).
    func train(
        on data: Samples, length: TrainingLength, batchSize: Int, shuffle: Bool = true,
        validation: Samples? = nil, earlyStopping: EarlyStopping? = nil,
        shouldStop: () -> Bool = { false }, onStep: (StepMetrics) -> Void = { _ in }
    ) throws(EngineError) -> TrainingSummary {
        let options = TrainingOptions(
            length: length, batchSize: batchSize, shuffle: shuffle, validation: validation,
            earlyStopping: earlyStopping)
        do {
            return try run(
                on: data, options,
                onStep: { report in
                    onStep(report.metrics)
                    return .proceed
                }, shouldStop: shouldStop)
        } catch let error as EngineError {
            throw error
        } catch {
            // The step callback here cannot throw, so every error is the engine's.
            preconditionFailure("unexpected error from a training run: \(error)")
        }
    }
}
