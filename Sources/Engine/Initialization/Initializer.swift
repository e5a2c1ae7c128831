import Foundation

/// How a dense layer's weights and bias are first drawn.
///
/// Draw order (fixed, so a seed reproduces a network): layers L1, L2, ... in order;
/// within a layer every weight in the engine's `[in, out]` row-major order, then every
/// bias element. Uniform draws use `RandomSource.nextUniform(in:)`, normals its
/// Box-Muller `nextNormal`. Schemes other than `pytorchDefault` set biases to zero
/// (as calling `nn.init.*_` on the weight and `zeros_` on the bias does).
public enum Initializer: Sendable, Equatable {
    /// nn.Linear's default: W and b ~ U(±1/√fan_in) (kaiming_uniform with a = √5).
    case pytorchDefault
    /// Glorot: U(±gain·√(6/(fan_in+fan_out))).
    case xavierUniform(gain: Double = 1)
    /// Glorot: N(0, gain·√(2/(fan_in+fan_out))).
    case xavierNormal(gain: Double = 1)
    /// Kaiming for ReLU, fan_in mode: U(±√(6/fan_in)).
    case heUniform
    /// Kaiming for ReLU, fan_in mode: N(0, √(2/fan_in)).
    case heNormal
    /// N(0, std).
    case normal(std: Double)
    /// U(±a).
    case uniform(a: Double)
    /// All zeros.
    case zeros
    /// Every weight equal to `value`.
    case constant(Double)

    /// The names the language accepts.
    public static let names = [
        "default", "xavier", "xavier_normal", "he", "he_normal", "normal", "uniform", "zeros", "constant",
    ]

    /// Fills `weight` ([fanIn, fanOut]) and `bias` ([fanOut]) in the documented order.
    public func fill(weight: Tensor, bias: Tensor, random: inout RandomSource) {
        let fanIn = Double(weight.shape[0])
        let fanOut = Double(weight.shape[1])
        let draw: (inout RandomSource) -> Double
        switch self {
        case .pytorchDefault:
            let bound = 1 / fanIn.squareRoot()
            draw = { $0.nextUniform(in: -bound, bound) }
        case .xavierUniform(let gain):
            let bound = gain * (6 / (fanIn + fanOut)).squareRoot()
            draw = { $0.nextUniform(in: -bound, bound) }
        case .xavierNormal(let gain):
            let std = gain * (2 / (fanIn + fanOut)).squareRoot()
            draw = { $0.nextNormal(mean: 0, std: std) }
        case .heUniform:
            let bound = (6 / fanIn).squareRoot()
            draw = { $0.nextUniform(in: -bound, bound) }
        case .heNormal:
            let std = (2 / fanIn).squareRoot()
            draw = { $0.nextNormal(mean: 0, std: std) }
        case .normal(let std): draw = { $0.nextNormal(mean: 0, std: std) }
        case .uniform(let a): draw = { $0.nextUniform(in: -a, a) }
        case .zeros: draw = { _ in 0 }
        case .constant(let value): draw = { _ in value }
        }
        for index in 0..<weight.count { weight[flat: index] = draw(&random) }
        if self == .pytorchDefault {
            for index in 0..<bias.count { bias[flat: index] = draw(&random) }
        } else {
            for index in 0..<bias.count { bias[flat: index] = 0 }
        }
    }
}
