import Foundation

/// A parsed network description such as `2 -> 4 tanh -> 1 sigmoid`.
///
/// The first segment is the input width; each later one is a dense layer
/// (`WIDTH [ACTIVATION]`, activation identity when omitted), `dropout P` or
/// `layernorm`.
public struct NetworkSpec: Sendable, Equatable, CustomStringConvertible {
    /// One layer of the spec.
    public enum LayerSpec: Sendable, Equatable {
        case dense(width: Int, activation: Activation)
        case dropout(probability: Double)
        case layerNorm
    }

    /// Width of the input rows.
    public var inputWidth: Int
    /// The layers in order.
    public var layers: [LayerSpec]

    /// A spec from its parts.
    public init(inputWidth: Int, layers: [LayerSpec]) {
        self.inputWidth = inputWidth
        self.layers = layers
    }

    /// Width of the output rows.
    public var outputWidth: Int {
        var width = inputWidth
        for case .dense(let w, _) in layers { width = w }
        return width
    }

    /// Parses the text form; errors say which token and what was expected.
    public init(parsing text: String) throws(NetworkSpecError) {
        let segments = text.components(separatedBy: "->").map {
            $0.split(whereSeparator: \.isWhitespace).map(String.init)
        }
        guard let first = segments.first, !first.isEmpty else { throw .empty }
        guard first.count == 1, let input = Int(first[0]), input > 0 else {
            throw .expected(token: first[0], segment: 0, expected: .positiveWidth)
        }
        var layers: [LayerSpec] = []
        for (index, tokens) in segments.enumerated().dropFirst() {
            guard let head = tokens.first else { throw .emptySegment(segment: index) }
            if head.lowercased() == "dropout" {
                guard tokens.count == 2, let p = Double(tokens[1]), p >= 0, p < 1 else {
                    throw .expected(
                        token: tokens.count > 1 ? tokens[1] : "", segment: index, expected: .probability)
                }
                layers.append(.dropout(probability: p))
            } else if ["layernorm", "layer_norm"].contains(head.lowercased()) {
                guard tokens.count == 1 else {
                    throw .expected(token: tokens[1], segment: index, expected: .end)
                }
                layers.append(.layerNorm)
            } else {
                guard let width = Int(head), width > 0 else {
                    throw .expected(token: head, segment: index, expected: .positiveWidth)
                }
                var activation = Activation.identity
                if tokens.count >= 2 {
                    guard let parsed = Activation(name: tokens[1]) else {
                        throw .unknownActivation(token: tokens[1], segment: index, valid: Activation.names)
                    }
                    activation = parsed
                }
                if tokens.count > 2 { throw .expected(token: tokens[2], segment: index, expected: .end) }
                layers.append(.dense(width: width, activation: activation))
            }
        }
        guard layers.contains(where: { if case .dense = $0 { true } else { false } }) else { throw .noLayers }
        self.init(inputWidth: input, layers: layers)
    }

    /// The canonical text form, which parses back to the same spec.
    public var description: String {
        var parts = ["\(inputWidth)"]
        for layer in layers {
            switch layer {
            case .dense(let width, .identity): parts.append("\(width)")
            case .dense(let width, let activation): parts.append("\(width) \(activation)")
            case .dropout(let p): parts.append("dropout \(p)")
            case .layerNorm: parts.append("layernorm")
            }
        }
        return parts.joined(separator: " -> ")
    }
}

/// Why a network spec did not parse: the offending token, its segment (0 is the
/// input width), and what was expected there.
public enum NetworkSpecError: Error, Equatable, Sendable {
    /// What the parser wanted where it found something else.
    public enum Expectation: Sendable, Equatable {
        case positiveWidth
        case probability
        case end
    }
    case empty
    case emptySegment(segment: Int)
    case noLayers
    case expected(token: String, segment: Int, expected: Expectation)
    case unknownActivation(token: String, segment: Int, valid: [String])
}
