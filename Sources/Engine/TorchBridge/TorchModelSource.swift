import FileWriting

/// The text of `model.py`: a network as a PyTorch `nn.Module` whose `state_dict` names are the
/// checkpoint's (`NetworkCheckpoint`), so `Model().load_state_dict` reads what `save` writes.
///
/// The module is an `nn.Sequential` numbered as the checkpoint numbers it: a dense layer is an
/// `nn.Linear` and its activation's module (none for the identity), a layer norm an
/// `nn.LayerNorm`, an embedding a `TokenEmbedding` and an `nn.Flatten`, a dropout an
/// `nn.Dropout`; a GPT's layers are nanoGPT's modules (`Embeddings` with `wte` and `wpe`,
/// `CausalSelfAttention` with `c_attn` and `c_proj`, `Block` with `ln_1`, `attn`, `ln_2` and
/// `mlp`), and a tied output layer reads the token table, which is saved once, under the
/// embeddings. `forward(x, logits=True)` stops before the last activation: the z that `ce` and
/// `bce_logits` read.
public struct TorchModelSource {
    /// The Python text.
    public let text: String

    /// The module of `network`, called `name` in its docstring; a layer of a kind this bridge
    /// does not map is refused, naming it.
    public init(_ network: Network, name: String) throws(TorchExportError) {
        try self.init(layers: network.layers, spec: network.spec, dtype: network.dtype, name: name)
    }

    /// The module of these layers (a network's, or in tests a layer of a kind it cannot map).
    init(layers: [any Layer], spec: NetworkSpec, dtype: DType, name: String) throws(TorchExportError) {
        var modules: [String] = []
        var kinds = Set<String>()
        // Whether the last module is an output layer's activation, which logits=True leaves out.
        var endsInActivation = false
        for layer in layers {
            endsInActivation = false
            switch layer {
            case let dense as DenseLayer:
                modules.append("nn.Linear(\(dense.inputWidth), \(dense.outputWidth)),  # \(dense.name)")
                if let activation = Self.module(dense.activation) {
                    modules.append(activation)
                    endsInActivation = true
                }
            case let norm as LayerNormLayer:
                modules.append(
                    "nn.LayerNorm(\(norm.gain.count), eps=\(Self.number(norm.epsilon))),  # \(norm.name)")
            case let embedding as PositionalEmbeddingLayer:
                kinds.insert("Embeddings")
                modules.append(
                    "embeddings := Embeddings(\(embedding.vocabularySize), \(embedding.positions), "
                        + "\(embedding.width)),  # \(embedding.name)")
            case let attention as SelfAttentionLayer:
                kinds.insert("CausalSelfAttention")
                modules.append(
                    "CausalSelfAttention(\(attention.width), \(attention.heads)\(Self.dropoutArgument(attention.dropout))),"
                        + "  # \(attention.name)")
            case let block as TransformerBlock:
                kinds.formUnion(["CausalSelfAttention", "Block"])
                modules.append(
                    "Block(\(block.attention.width), \(block.heads)\(Self.dropoutArgument(block.dropout))),  # \(block.name)"
                )
            case let tied as TiedOutputLayer:
                kinds.insert("TiedOutput")
                let table = layers.first is PositionalEmbeddingLayer ? "wte.weight" : "weight"
                modules.append("TiedOutput(embeddings, \"\(table)\"),  # \(tied.name)")
                if let activation = Self.module(tied.activation) {
                    modules.append(activation)
                    endsInActivation = true
                }
            case let embedding as EmbeddingLayer:
                kinds.insert("TokenEmbedding")
                modules.append(
                    "embeddings := TokenEmbedding(\(embedding.vocabularySize), \(embedding.width)),  # "
                        + embedding.name)
                modules.append("nn.Flatten(),")
            case let dropout as DropoutLayer:
                modules.append("nn.Dropout(\(Self.number(dropout.probability))),  # \(dropout.name)")
            default:
                throw .layerNotExportable(layer: layer.name, kind: String(describing: type(of: layer)))
            }
        }
        text = Self.source(
            name: name, spec: spec, dtype: dtype, modules: modules, kinds: kinds,
            endsInActivation: endsInActivation)
    }

    /// The module that follows a dense layer for its activation, or nil for the identity.
    static func module(_ activation: Activation) -> String? {
        switch activation {
        case .identity: nil
        case .relu: "nn.ReLU(),"
        case .leakyRelu(let slope): "nn.LeakyReLU(\(number(slope))),"
        case .tanh: "nn.Tanh(),"
        case .sigmoid: "nn.Sigmoid(),"
        case .softmax: "nn.Softmax(dim=-1),"
        case .gelu: "nn.GELU(),"
        }
    }

    /// A Python float literal that reads back as the same Double.
    static func number(_ value: Double) -> String {
        let text = "\(value)"
        return text.contains(".") || text.contains("e") || text.contains("n") ? text : text + ".0"
    }

    private static func source(
        name: String, spec: NetworkSpec, dtype: DType, modules: [String], kinds: Set<String>,
        endsInActivation: Bool
    ) -> String {
        var lines = [
            "\"\"\"Net '\(name)' of a Backprop session as a PyTorch module: \(spec.description).",
            "",
            "Written by Backprop's `export torch`. Its state_dict names are those of Backprop's `save`",
            "(nn.Sequential numbering, nanoGPT's names inside a GPT's modules, a tied table saved",
            "once), so Model().load_state_dict(...) reads model.safetensors and `load` reads back what",
            "it saves. forward(x, logits=True) stops before the last activation, at the z that the",
            "ce and bce_logits losses read.",
            "\"\"\"",
            "import math",
            "",
            "import torch",
            "from torch import nn",
            "",
            "SPEC = \(jsonStringLiteral(spec.description))",
            "DTYPE = torch.\(dtype == .float64 ? "float64" : "float32")",
            "INPUT_KIND = \"\(spec.inputKind == .tokens ? "tokens" : "features")\"",
            "INPUT_WIDTH = \(spec.inputWidth)",
            "IS_SEQUENCE_MODEL = \(spec.isSequenceModel ? "True" : "False")",
            "",
        ]
        for kind in ["TokenEmbedding", "Embeddings", "CausalSelfAttention", "Block", "TiedOutput"]
        where kinds.contains(kind) {
            lines += (helpers[kind] ?? []) + ["", ""]
        }
        lines += [
            "class Model(nn.Sequential):",
            "    \"\"\"\(spec.description)\"\"\"",
            "",
            "    def __init__(self):",
            "        super().__init__(",
        ]
        // `embeddings := ...` names the table's owner for a tied output layer further on.
        lines += modules.map { "            " + $0 }
        lines += [
            "        )",
            "        self.to(DTYPE)",
            "",
            "    def forward(self, x, logits=False):",
            "        \"\"\"The net's output; with logits=True the last layer's z, before its activation.\"\"\"",
            "        modules = list(self)",
            endsInActivation
                ? "        if logits:" : "        # The last layer has no activation: its output is its z.",
        ]
        if endsInActivation { lines.append("            modules = modules[:-1]") }
        lines += [
            "        for module in modules:",
            "            x = module(x)",
            "        return x",
            "",
        ]
        return lines.joined(separator: "\n")
    }

    /// `, dropout=P` after a module's sizes, or nothing without dropout.
    private static func dropoutArgument(_ probability: Double) -> String {
        probability > 0 ? ", dropout=\(number(probability))" : ""
    }

    /// The modules a net may need beyond torch.nn's, each only where used.
    private static let helpers: [String: [String]] = [
        "TokenEmbedding": [
            "class TokenEmbedding(nn.Embedding):",
            "    \"\"\"nn.Embedding that reads token ids stored as floats.\"\"\"",
            "",
            "    def forward(self, ids):",
            "        return super().forward(ids.long())",
        ],
        "Embeddings": [
            "class Embeddings(nn.Module):",
            "    \"\"\"Token and position tables added (GPT-2's wte + wpe): [B, T] ids to [B, T, C].\"\"\"",
            "",
            "    def __init__(self, vocabulary, positions, width):",
            "        super().__init__()",
            "        self.wte = nn.Embedding(vocabulary, width)",
            "        self.wpe = nn.Embedding(positions, width)",
            "",
            "    def forward(self, ids):",
            "        ids = ids.long()",
            "        return self.wte(ids) + self.wpe(torch.arange(ids.shape[1], device=ids.device))",
        ],
        "CausalSelfAttention": [
            "class CausalSelfAttention(nn.Module):",
            "    \"\"\"nanoGPT's causal self-attention: c_attn to q, k, v, the heads, c_proj.\"\"\"",
            "",
            "    def __init__(self, width, heads, dropout=0.0):",
            "        super().__init__()",
            "        self.heads = heads",
            "        self.c_attn = nn.Linear(width, 3 * width)",
            "        self.c_proj = nn.Linear(width, width)",
            "        self.attn_dropout = nn.Dropout(dropout)",
            "        self.resid_dropout = nn.Dropout(dropout)",
            "",
            "    def forward(self, x):",
            "        batch, positions, width = x.shape",
            "        head = width // self.heads",
            "        q, k, v = self.c_attn(x).split(width, dim=2)",
            "        q, k, v = (t.view(batch, positions, self.heads, head).transpose(1, 2) for t in (q, k, v))",
            "        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(head))",
            "        mask = torch.ones(positions, positions, dtype=torch.bool, device=x.device).tril()",
            "        weights = torch.softmax(scores.masked_fill(~mask, float(\"-inf\")), dim=-1)",
            "        y = (self.attn_dropout(weights) @ v).transpose(1, 2).contiguous().view(batch, positions, width)",
            "        return self.resid_dropout(self.c_proj(y))",
        ],
        "Block": [
            "class MLP(nn.Module):",
            "    \"\"\"nanoGPT's MLP: c_fc to 4C, exact GELU, c_proj back to C.\"\"\"",
            "",
            "    def __init__(self, width, dropout=0.0):",
            "        super().__init__()",
            "        self.c_fc = nn.Linear(width, 4 * width)",
            "        self.gelu = nn.GELU()",
            "        self.c_proj = nn.Linear(4 * width, width)",
            "        self.dropout = nn.Dropout(dropout)",
            "",
            "    def forward(self, x):",
            "        return self.dropout(self.c_proj(self.gelu(self.c_fc(x))))",
            "",
            "",
            "class Block(nn.Module):",
            "    \"\"\"GPT-2's pre-norm block: x + attn(ln_1(x)), then x + mlp(ln_2(x)).\"\"\"",
            "",
            "    def __init__(self, width, heads, dropout=0.0):",
            "        super().__init__()",
            "        self.ln_1 = nn.LayerNorm(width)",
            "        self.attn = CausalSelfAttention(width, heads, dropout)",
            "        self.ln_2 = nn.LayerNorm(width)",
            "        self.mlp = MLP(width, dropout)",
            "",
            "    def forward(self, x):",
            "        x = x + self.attn(self.ln_1(x))",
            "        return x + self.mlp(self.ln_2(x))",
        ],
        "TiedOutput": [
            "class TiedOutput(nn.Module):",
            "    \"\"\"The output map that reads the token table transposed, without bias (GPT-2's lm_head).",
            "",
            "    The table stays the embeddings' parameter: it is held here outside the module tree, so",
            "    the state_dict holds it once.",
            "    \"\"\"",
            "",
            "    def __init__(self, owner, table):",
            "        super().__init__()",
            "        object.__setattr__(self, \"owner\", owner)",
            "        self.table = table",
            "",
            "    def forward(self, x):",
            "        return x @ self.owner.get_parameter(self.table).t()",
        ],
    ]
}
