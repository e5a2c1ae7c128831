import Foundation

@testable import Engine

/// The fixture written by tools/golden/make_golden.py from PyTorch.
struct GoldenFile: Decodable {
    let torch: String
    let steps: Int
    let cases: [GoldenCase]

    /// `golden` holds the dense nets (make_golden.py), `golden-lm` the token nets (make_golden_lm.py).
    static func load(_ name: String = "golden") throws -> GoldenFile {
        guard
            let url = Bundle.module.url(
                forResource: name, withExtension: "json", subdirectory: "Fixtures")
        else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try JSONDecoder().decode(GoldenFile.self, from: Data(contentsOf: url))
    }
}

struct GoldenCase: Decodable {
    let name: String
    let spec: String
    let inputs: [Double]
    let rows: Int
    let targets: [Double]
    let loss: String
    let reduction: String
    let optimizer: [String: OptionValue]
    let initial: [String: [Double]]
    let float64: GoldenRun
    let float32: GoldenRun
    /// A looser bound for float32 weights after each update, when the fixture gives one:
    /// Adam divides each gradient by its own size, so the rounding of a gradient near zero
    /// moves its weight by up to a whole learning rate's share (see make_golden_gpt.py).
    let float32WeightTolerance: Double?

    enum CodingKeys: String, CodingKey {
        case name, spec, inputs, rows, targets, loss, reduction, optimizer, initial, float64, float32
        case float32WeightTolerance = "float32_weight_tolerance"
    }

    func run(for dtype: DType) -> GoldenRun { dtype == .float64 ? float64 : float32 }

    var engineLoss: Loss {
        Loss(Loss.Kind(rawValue: loss)!, reduction: Loss.Reduction(rawValue: reduction)!)
    }

    /// The engine optimizer with the fixture's PyTorch options.
    func makeOptimizer() -> any Optimizer {
        func number(_ key: String, _ fallback: Double) -> Double {
            if case .number(let value) = optimizer[key] { return value }
            return fallback
        }
        func flag(_ key: String) -> Bool {
            if case .flag(let value) = optimizer[key] { return value }
            return false
        }
        switch optimizer["kind"] {
        case .text("SGD"):
            return SGD(
                learningRate: number("lr", 0), momentum: number("momentum", 0),
                dampening: number("dampening", 0),
                nesterov: flag("nesterov"), weightDecay: number("weight_decay", 0))
        case .text("Adam"):
            return Adam(
                learningRate: number("lr", 1e-3), weightDecay: number("weight_decay", 0),
                amsgrad: flag("amsgrad"))
        case .text("AdamW"):
            return Adam.adamW(learningRate: number("lr", 1e-3), weightDecay: number("weight_decay", 0.01))
        case .text("RMSprop"):
            return RMSprop(
                learningRate: number("lr", 0.01), weightDecay: number("weight_decay", 0),
                momentum: number("momentum", 0), centered: flag("centered"))
        case .text("Adagrad"):
            return Adagrad(
                learningRate: number("lr", 0.01), learningRateDecay: number("lr_decay", 0),
                weightDecay: number("weight_decay", 0))
        default:
            fatalError("unknown optimizer in fixture: \(optimizer)")
        }
    }
}

struct GoldenRun: Decodable {
    let losses: [Double]
    let weights: [[String: [Double]]]
    let first: GoldenFirstStep
}

struct GoldenFirstStep: Decodable {
    let z: [[Double]]
    let a: [[Double]]
    let delta: [[Double]]
    let loss: Double
    let grads: [String: [Double]]
}

/// A JSON option value: PyTorch options are numbers, flags or the optimizer's name.
enum OptionValue: Decodable {
    case number(Double)
    case flag(Bool)
    case text(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .flag(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else {
            self = .text(try container.decode(String.self))
        }
    }
}
