import Foundation

/// The fixture written by tools/golden/make_golden_finetune.py from PyTorch: distillation
/// losses, 16-bit roundings and a run with parameter groups.
struct FineTuneGoldenFile: Decodable {
    struct DistillationCase: Decodable {
        let temperature: Double
        let alpha: Double
        let inputs: [Double]
        let labels: [Double]
        let student: [String: [Double]]
        let teacher: [String: [Double]]
        let student_logits: [Double]
        let teacher_logits: [Double]
        let loss: Double
        let logit_grad: [Double]
        let weight_grad: [Double]
        let bias_grad: [Double]
    }

    struct Rounding: Decodable {
        let f32: UInt32
        let f16: UInt16
        let bf16: UInt16
    }

    struct GroupsCase: Decodable {
        let spec: String
        let inputs: [Double]
        let targets: [Double]
        let lr: Double
        let group_lr: [String: Double]
        let period: Int
        let eta_min: Double
        let initial: [String: [Double]]
        let rates: [[Double]]
        let weights: [[String: [Double]]]
    }

    let torch: String
    let distillation: [DistillationCase]
    let rounding: [Rounding]
    let groups: GroupsCase

    static func load() throws -> FineTuneGoldenFile {
        guard
            let url = Bundle.module.url(
                forResource: "golden-finetune", withExtension: "json", subdirectory: "Fixtures")
        else { throw CocoaError(.fileNoSuchFile) }
        return try JSONDecoder().decode(FineTuneGoldenFile.self, from: Data(contentsOf: url))
    }
}
