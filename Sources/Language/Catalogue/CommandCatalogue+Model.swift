import Engine

extension CommandCatalogue {
    static let builtInDataSets = DatasetRegistry.names
    /// Every option any built-in data set takes, with the sets that take it.
    static let dataSetOptions: [OptionSpec] = {
        var specs: [OptionSpec] = []
        for option in DatasetRegistry.builtIns.flatMap(\.options)
        where !specs.contains(where: { $0.name == option.name }) {
            let users = DatasetRegistry.builtIns.filter { $0.options.contains { $0.name == option.name } }
                .map(\.name)
            specs.append(
                OptionSpec(
                    option.name, option.isWholeNumber ? .integer : .number,
                    "\(option.summary) (\(users.joined(separator: ", ")))"))
        }
        return specs
    }()

    static let modelCommands: [CommandSpec] = [
        CommandSpec(
            "data", run: { try DataCommand.run($0, in: &$1) },
            syntax: "data [NAME =] SOURCE [key=value ...]",
            summary: "load or make a data set and make it current", target: .optional, arguments: 1...2,
            options: dataSetOptions + [
                OptionSpec("split", .number, default: "1", "fraction kept for training; the rest validates"),
                OptionSpec("label", .name, "csv column holding the target (default: the last)"),
                OptionSpec(
                    "context", .integer, default: "3",
                    "characters before each predicted one, for words \"FILE\" and text \"FILE\" (1 to \(TokenData.maximumContext))"
                ),
                OptionSpec(
                    "stride", .integer, default: "1",
                    "for text \"FILE\": every S-th window is an example (stride=K tiles the text, for a gpt)"),
                OptionSpec(
                    "vocab", .name,
                    "for text \"FILE\": read it in another text set's vocabulary, to fine-tune a net trained on that set"
                ),
                OptionSpec(
                    "seed", .integer, "generator seed for this set (default: drawn from the session's)"),
            ],
            keywords: builtInDataSets + ["csv", "words", "text"],
            changes: .nothing,
            example:
                "data xor\ndata ring = circles n=200 noise=0.1\ndata hand = [[1, 2]] -> [[0]]\ndata names = words \"data/names.txt\" context=3 split=0.9",
            details: "Sources: " + builtInDataSets.joined(separator: ", ")
                + "; inline INPUTS -> TARGETS; csv \"FILE\" label=COLUMN; words \"FILE\" context=K, "
                + "a word a line, each character predicted from the K before it (. pads the start and "
                + "ends each word; split= cuts between words); text \"FILE\" context=K, running text, "
                + "each character after the first K predicted from the K before it (split= keeps the "
                + "first part of the text for training; stride=S keeps every S-th window; vocab=OTHER uses "
                + "the vocabulary of another text set, whose characters the file must keep to)."),
        CommandSpec(
            "net", run: { try NetCommand.run($0, in: &$1) },
            syntax:
                "net NAME = IN -> LAYER -> ... | tokens K -> embed D -> ... | gpt vocab=DATA ... | perceptron N | adaline N [init=NAME]",
            summary: "build a network and make it current", target: .required, arguments: 1...2,
            options: [initializerOption] + gptOptions,
            keywords: [
                "perceptron", "adaline", "gpt", "dropout", "layernorm", "tokens", "embed", "positions",
                "attention",
                "block", "tied",
            ] + activations,
            changes: .nothing,
            example:
                "net xor = 2 -> 4 tanh -> 1 sigmoid\nnet deep = 2 -> 16 relu -> dropout 0.2 -> layernorm -> 1 sigmoid",
            details:
                "The layers are named L1, L2, ... in order, dropout and layernorm included (in the "
                + "second example deep.L3 is the layernorm); a line ending in -> continues on the next. "
                + "A net starts with the loss its last activation suits (bce after sigmoid, ce after "
                + "softmax, mse otherwise) and sgd at its defaults.",
            sections: [
                netLayerSection, netTokenSection, netTransformerSection, netUnitSection, activationSection,
            ],
            optionsByKeyword: ["gpt": GPTSpec.options]),
        CommandSpec(
            "use", run: { try SetupCommands.use($0, in: &$1) },
            syntax: "use NAME", summary: "make a net or data set current",
            arguments: 1...1, changes: .nothing, example: "use xor"),
        CommandSpec(
            "loss", run: { try SetupCommands.loss($0, in: &$1) },
            syntax: "loss " + losses.joined(separator: "|") + " [reduction=mean|sum]",
            summary: "choose the current net's loss",
            arguments: 1...1,
            options: [
                OptionSpec(
                    "reduction", .choice(Loss.Reduction.allCases.map(\.rawValue)), default: "mean",
                    "how the examples' losses are combined; sse is always a sum")
            ],
            keywords: losses, exhaustive: true, changes: .nothing,
            example: "loss bce\nloss mse reduction=sum",
            sections: [lossSection],
            // Completion offers reduction= where it is a choice, so not after sse.
            optionsByKeyword: Dictionary(
                uniqueKeysWithValues: LossRegistry.all.map {
                    ($0.name, $0.reductions.count > 1 ? ["reduction"] : [])
                })),
        CommandSpec(
            "optim", run: { try SetupCommands.optim($0, in: &$1) },
            syntax: "optim NAME [key=value ...]", summary: "choose the current net's optimizer",
            arguments: 1...1,
            options: optimizerOptions + [
                OptionSpec(
                    CommandSpec.layerRateOption, .number, default: "lr",
                    "one layer's own learning rate, a parameter group (L1.lr=1e-4)")
            ],
            keywords: optimizers, exhaustive: true, changes: .nothing,
            example:
                "optim adam lr=0.01\noptim sgd lr=0.1 momentum=0.9 nesterov=true\noptim adam lr=1e-3 L1.lr=1e-4",
            details:
                "Update formulas as torch.optim; perceptron and lms switch the net to the classic rules. "
                + "An option not given takes the optimizer's default, below. A new net has sgd, a perceptron "
                + "unit perceptron and an adaline unit lms. Changing the optimizer resets its state. "
                + "LAYER.lr=RATE gives a layer its own rate (torch.optim's parameter groups); a new optim "
                + "sets every layer it does not name back to lr, and show optim lists each layer's rate.",
            sections: [optimizerSection],
            optionsByKeyword: Dictionary(
                uniqueKeysWithValues: OptimizerRegistry.all.map { ($0.name, $0.options.map(\.name)) })),
        CommandSpec(
            "set", run: { try ParameterCommands.set($0, in: &$1) },
            syntax: "set PATH = VALUE", summary: "set a parameter to exact values",
            target: .required, arguments: 1...1, changes: .namedNet,
            example: "set xor.L1.W = [[1, 1, 1, 1], [1, 1, 1, 1]]\nset xor.L2.b = [0]\nset xor.L1.lr = 0.01",
            details:
                "Weights are stored [in, out], as in H = X·W + b; a single number fills the whole tensor. "
                + "set NET.LAYER.lr = RATE gives one layer its own learning rate."),
        CommandSpec(
            "freeze", run: { try ParameterCommands.freeze($0, in: &$1, frozen: true) },
            syntax: "freeze PATH", summary: "stop updating a net, layer or parameter",
            arguments: 1...1, changes: .namedNet, example: "freeze xor.L1",
            details:
                "As requires_grad_(False) in PyTorch: no gradient flows into a frozen parameter (the backward "
                + "skips its weight gradient, and from the next step it has none to show), and it gets no update, "
                + "no optimizer state and no weight decay."),
        CommandSpec(
            "unfreeze", run: { try ParameterCommands.freeze($0, in: &$1, frozen: false) },
            syntax: "unfreeze PATH", summary: "resume updating a net, layer or parameter",
            arguments: 1...1, changes: .namedNet, example: "unfreeze xor.L1"),
        CommandSpec(
            "lora", run: { try AdapterCommands.lora($0, in: &$1) },
            syntax: "lora NET[.MODULE] [r=R] [alpha=A]",
            summary: "put low-rank adapters beside a net's dense maps and freeze the rest (LoRA, as PEFT)",
            arguments: 1...1,
            options: [
                OptionSpec(
                    "r", .integer, default: "\(AdapterCommands.defaultRank)",
                    "the rank: A is [in, r], B is [r, out]; 1 to the map's smaller side"),
                OptionSpec(
                    "alpha", .number, default: "8", "the adapter's product is scaled by alpha/r (lora_alpha)"),
            ],
            changes: .namedNet,
            example: "lora xor.L1 r=2 alpha=4\nlora deep r=2",
            details:
                "z = X·W + b + (alpha/r)·(X·A)·B beside each dense map the path names: a layer (mlp.L1), a "
                + "block's maps (lm.L2), its attention's two (lm.L2.attn, the q/k/v map and the projection) or "
                + "one (lm.L2.attn.proj), its MLP's (lm.L2.mlp), and with * for a segment the same in every block "
                + "(lora lm.*.attn r=4 alpha=8); a bare net adapts every dense map but the output layer (PEFT's all-linear). A is "
                + "drawn as nn.Linear draws a weight and B is zero, so nothing changes until B trains. Every "
                + "other parameter is frozen, as PEFT's get_peft_model leaves it, and the optimizer starts "
                + "afresh. show summary lists the adapters and the trainable share; merge folds them into W; "
                + "save NET \"FILE\" adapters writes them alone in PEFT's layout."),
        CommandSpec(
            "merge", run: { try AdapterCommands.merge($0, in: &$1) },
            syntax: "merge NET", summary: "fold a net's LoRA adapters into its weights, W + (alpha/r)·A·B",
            arguments: 1...1, changes: .namedNet, example: "merge xor\nunfreeze xor",
            details:
                "PEFT's merge_and_unload: the net is left without adapters and computes what it computed, "
                + "which merge checks on the current data set's first examples and prints. Frozen flags stay: "
                + "unfreeze the net to train the merged weights."),
        CommandSpec(
            "save", run: { try CheckpointCommands.save($0, in: &$1) },
            syntax: "save NET \"FILE\" [adapters] [optimizer=\"FILE\"]",
            summary: "write a net's parameters (safetensors, PyTorch names)",
            arguments: 2...3,
            options: [
                OptionSpec(
                    "optimizer", .string,
                    "also write the optimizer's state (moments or momentum, steps), as export torch's optimizer.safetensors"
                )
            ],
            keywords: ["adapters"],
            changes: .nothing,
            example:
                "save xor \"xor.safetensors\"\nsave xor \"xor.safetensors\" optimizer=\"xor-optim.safetensors\"\n"
                + "save deep \"deep-lora\" adapters",
            details:
                "The tensors are named as the same net in PyTorch (nn.Sequential numbers, nanoGPT's module "
                + "names in a GPT) and written in the net's dtype, with the spec, step and epoch in the metadata. "
                + "With adapters, only the LoRA adapters are written, in PEFT's layout "
                + "(base_model.model.MODULE.lora_A.weight), and adapter_config.json beside the file; a FILE "
                + "without .safetensors is a directory that gets adapter_model.safetensors, so "
                + "PeftModel.from_pretrained(model, DIRECTORY) loads them onto the same PyTorch model. "
                + "optimizer=\"FILE\" also writes the optimizer's state in PyTorch's layout ("
                + torchOptimizers
                + "), which load NET \"FILE\" optimizer=\"FILE\" puts back: training then goes on exactly as if "
                + "it had not stopped."),
        CommandSpec(
            "load", run: { try CheckpointCommands.load($0, in: &$1) },
            syntax:
                "load NET \"FILE\" [strict=false] [resume=false] [map=\"LAYER=MODULE, ...\"] [optimizer=\"FILE\"]",
            summary: "read a net's parameters from a safetensors file",
            arguments: 2...2,
            options: [
                OptionSpec(
                    "strict", .boolean, default: "true",
                    "refuse any tensor missing, unexpected or of another shape; false loads those that match"),
                OptionSpec(
                    "resume", .boolean, default: "true",
                    "restore the file's step and epoch counts; false keeps the net's, to fine-tune from the weights"
                ),
                OptionSpec(
                    "map", .string,
                    "read a layer from another module of the file: \"L2=4\" loads L2 from 4.weight and 4.bias"
                ),
                OptionSpec(
                    "optimizer", .string,
                    "also restore the optimizer's state, from save's optimizer= or the optimizer.safetensors of export torch or train_ddp.py"
                ),
            ],
            changes: .namedNet, example: "load xor \"xor.safetensors\"",
            details:
                "A file saved by save also restores the net's step and epoch counts; one from PyTorch "
                + "(nn.Sequential names) loads its tensors alone. With strict=false the tensors whose "
                + "names and shapes match are loaded, the others are listed, and the counts are kept. "
                + "map= renames layers, for a file whose Sequential numbers or module names differ. "
                + "optimizer= puts back the moments or momentum and the steps of an exported run that "
                + "PyTorch continued (" + torchOptimizers + "; choose the same optim "
                + "first)."),
    ]
}
