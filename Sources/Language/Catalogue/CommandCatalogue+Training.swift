import Engine

extension CommandCatalogue {
    /// The optimizers `export torch` carries, as the bridge lists them.
    static let torchOptimizers = TorchOptimizerExport.supported.joined(separator: ", ")
    static let showTopics = [
        "summary", "weights", "grads", "deltas", "activations", "history", "data", "optim",
        "confusion", "misclassified", "compare", "health", "vars", "embeddings", "attention", "bigrams",
    ]
    static let exportTopics = [
        "history", "weights", "summary", "data", "plot", "boundary", "compare", "lrfind", "landscape", "hist",
        "vars", "health", "torch",
    ]
    private static let targetOption = OptionSpec(
        "target", .number, "compare: add the first logged step with loss at or under this")

    private static let clipOption = OptionSpec(
        "clip", .number,
        "scale gradients to at most this global norm before the update (frozen parameters left out, as in PyTorch)"
    )
    private static let onOption = OptionSpec("on", .name, "data set to use (default: the current one)")
    /// `step`'s batch, which `forward` and `backward` take too.
    private static let stepBatchOption = OptionSpec(
        "batch", .integer, default: "all (1 for perceptron, adaline and sequence models)",
        "samples in the step")
    private static let partDetails =
        "forward, backward and update take step apart. forward runs the pass of the batch step would take "
        + "next from the net's data cursor (training mode, dropout masks drawn); backward runs the same "
        + "pass again, with the same masks, and backpropagates it; update applies the optimizer with "
        + "step's guard and clip=, moves the cursor past the batch, counts the step and logs it. The three "
        + "leave the net exactly as step would. forward INPUTS is a prediction instead: evaluation mode, "
        + "no loss, no part of a step."

    static let trainingCommands: [CommandSpec] = [
        CommandSpec(
            "train", run: { try TrainCommand.run($0, in: &$1) },
            syntax: "train [EPOCHS] [on DATA] [key=value ...]",
            summary: "train the current net, showing progress; interruptible", arguments: 0...3,
            options: [
                OptionSpec("steps", .integer, "train for this many steps instead of epochs"),
                OptionSpec(
                    "batch", .integer, default: "all", "samples per step (1 for perceptron and adaline)"),
                OptionSpec("every", .integer, default: "1 epoch", "log the history every K steps"),
                OptionSpec(
                    "patience", .integer,
                    "stop after this many epochs without gain (validation loss, else training loss) "
                        + "and restore the best epoch's weights"),
                OptionSpec(
                    "until", .comparison,
                    "stop when loss, val_loss or accuracy meets a bound when logged, e.g. loss<0.01"),
                OptionSpec("shuffle", .boolean, default: "true", "shuffle samples each epoch"),
                clipOption,
                OptionSpec(
                    "accum", .integer, default: "1",
                    "batches whose gradients are added into one step: the step of a batch accum times as large, in the memory of one"
                ),
                OptionSpec(
                    "schedule", .choice(TrainingSchedule.names), default: "constant",
                    "the learning rate over the run's steps",
                    choices: [
                        HelpSection.Row("constant", "the net's rate throughout"),
                        HelpSection.Row(
                            "cosine", "from the rate down to min_lr by the last step, as CosineAnnealingLR"),
                        HelpSection.Row("step", "times gamma every step_size steps, as StepLR"),
                        HelpSection.Row("exponential", "times gamma every step, as ExponentialLR"),
                    ]),
                OptionSpec(
                    "warmup", .integer, default: "0",
                    "first steps rising linearly to the rate, rate·(t + 1)/(warmup + 1) as nanoGPT, before the schedule"
                ),
                OptionSpec("min_lr", .number, default: "lr/10", "where cosine ends"),
                OptionSpec("gamma", .number, default: "0.1", "the factor of step and exponential decay"),
                OptionSpec("step_size", .integer, "steps between step decays"),
                OptionSpec(
                    "eval", .integer,
                    "examples each log measures, evenly spaced through each set (default: all of them, but a sequence model's at most 131,072 positions)"
                ),
                OptionSpec(
                    "watch", .choices(LiveDiagnostics.names),
                    "charts redrawn in place while the run trains, as plot draws them",
                    choices: [
                        HelpSection.Row("loss", "the loss (and validation loss) at the logged steps"),
                        HelpSection.Row("gradnorm", "the global gradient norm ‖∇θ‖ of every step, log axis"),
                        HelpSection.Row(
                            "ratio",
                            "each layer's update ratio ‖ΔW‖/‖W‖ at the logged steps, log axis, 1e-3 guide"),
                        HelpSection.Row(
                            "saturation",
                            "each layer's dead relu or saturated sigmoid/tanh units at the logged steps"),
                    ]),
                OptionSpec(
                    "teacher", .name,
                    "distil from this net: its softened outputs are targets too (same inputs and classes, softmax heads, loss ce)"
                ),
                OptionSpec(
                    "temperature", .number, default: "\(Int(TrainingObjective.defaultTemperature))",
                    "T of distillation: both nets' logits are divided by T before the softmax of the soft term"
                ),
                OptionSpec(
                    "alpha", .number, default: "\(TrainingObjective.defaultAlpha)",
                    "the soft term's weight: loss = alpha·T²·KL(teacher ‖ student) + (1 − alpha)·CE"),
                OptionSpec(
                    "precision", .choice(TrainingObjective.precisionNames),
                    "mixed precision, simulated: activations and gradients rounded to Float16 or bfloat16",
                    choices: [
                        HelpSection.Row(
                            "f16", "IEEE half: 5 exponent bits, largest 65504, subnormals to 6e-8"),
                        HelpSection.Row("bf16", "bfloat16: Float32's exponent range, 8 bits of precision"),
                    ]),
                OptionSpec(
                    "loss_scale", .numberOrChoice(TrainingObjective.lossScaleNames),
                    default: "dynamic for f16, none for bf16",
                    "multiply the loss before the backward (and divide the gradients after): a number, dynamic (as GradScaler; the next run goes on from its scale) or none"
                ),
                OptionSpec(
                    "workers", .integer,
                    "take every step as this many simulated data-parallel workers, from 1 to \(TrainingWorkers.maximum) and at most a batch's rows: shards, a ring all-reduce, one update"
                ),
                onOption,
            ],
            example:
                "train 2000 batch=4 every=200\ntrain steps=500 until=loss<0.01\ntrain steps=1000 batch=8 schedule=cosine warmup=100\n"
                + "train 200 every=20 watch=[loss, gradnorm, ratio, saturation]\n"
                + "train 5 batch=16 precision=f16 loss_scale=dynamic\ntrain 20 batch=32 workers=4",
            details:
                "EPOCHS defaults to \(TrainCommand.defaultEpochs). The progress display updates in place; "
                + "an interrupt stops after the current step and keeps everything up to it. A schedule "
                + "counts this run's steps from 0 and leaves the net's rate as it was; the history's lr "
                + "column shows the rate of each logged step. watch= names one chart (watch=ratio) or a "
                + "list of them, each a display under the progress that updates in place and stays as the "
                + "run's final picture; the loss, ratio and saturation gain a point at each logged step, so "
                + "every= sets how often. A step whose loss, gradient or update is not finite stops the run "
                + "with the layer and tensor that first went wrong, the learning rate and the last gradient "
                + "norms. "
                + "Each layer's own rate (optim ... L1.lr=) follows "
                + "the schedule from its own base, as torch.optim's schedulers move every parameter group.\n\n"
                + "With teacher=NET (train 20 batch=32 teacher=big temperature=4 alpha=0.9) the net learns as a "
                + "student (Hinton et al. 2015): the teacher runs in evaluation "
                + "mode on each batch, unchanged and without gradients, and the loss is alpha·T²·KL(softmax(t/T) ‖ "
                + "softmax(s/T)), averaged over rows as F.kl_div's batchmean, plus (1 − alpha)·CE(s, y); the "
                + "progress line shows that loss, the history the net's own cross-entropy.\n\n"
                + "With precision=f16 or bf16 the step is simulated in mixed precision as torch.amp runs it: the "
                + "inputs, each layer's output and the logits are rounded to the format (round to nearest, ties to "
                + "even), the gradients arriving at them too, and each parameter's gradient after the backward; "
                + "the weights stay in the net's dtype (the master weights) and so does the update. loss_scale= "
                + "multiplies the loss before the backward and divides the gradients after; dynamic starts at 65536, "
                + "doubles after 2000 steps without overflow and on an infinity or NaN halves and skips the update, "
                + "as torch.amp.GradScaler. A table after the summary counts, per layer, the gradient entries the "
                + "rounding flushed to zero: without a scale, small gradients underflow Float16.\n\n"
                + "With workers=N every step is taken as N data-parallel workers take it (as parallel explains one): "
                + "the batch is cut into N contiguous shards as even as possible (a sequence model by examples), "
                + "each worker runs forward and backward on its shard with the same weights, the gradients, each "
                + "weighted by its shard's share of the rows nₖ/n, are summed by a ring all-reduce in one fixed "
                + "order, and one update follows with the run's schedule, guards and data cursor. Clipping "
                + "(clip=) is global, once a step on the all-reduced gradient, never per worker: a worker's own "
                + "norm is the wrong one. Dropout masks are drawn once for the whole batch and sliced; with "
                + "accum=K each worker adds its K shards before the one all-reduce; a teacher runs on each "
                + "shard; an epoch's short last batch may leave a worker idle, sending zeros. The first step and "
                + "each logged one are checked against one backward of the whole batch, and a table after the "
                + "summary gives each worker's losses, the bytes it sends a step (2(N−1)/N·|θ|·b) against a "
                + "parameter server, the total and the largest relative difference found; one worker is plain "
                + "train bit for bit. With precision= each worker rounds its own scaled gradient before the "
                + "all-reduce and one loss scaler answers for all. workers= is refused for the perceptron and "
                + "ADALINE rules."),
        CommandSpec(
            "step", run: { try StepCommands.step($0, in: &$1) },
            syntax: "step [key=value ...]",
            summary: "one training step, explained: forward, loss, deltas, grads, update",
            options: [
                stepBatchOption, clipOption, onOption,
                OptionSpec(
                    "position", .integer, default: "the last",
                    "for a sequence model: the position of example 0 the step explains, from 0"),
            ],
            example: "step"),
        CommandSpec(
            "parallel", run: { try DataParallelCommand.run($0, in: &$1) },
            syntax: "parallel [NET] [workers=N] [key=value ...]",
            summary:
                "one training step as N data-parallel workers take it, explained: shards, ring all-reduce, bytes",
            arguments: 0...1,
            options: [
                OptionSpec(
                    "workers", .integer, default: "\(DataParallelCommand.defaultWorkers)",
                    "simulated workers, from 1 to \(DataParallelCommand.maximumWorkers); each needs a row"),
                OptionSpec(
                    "batch", .integer, default: "all", "samples in the step, cut into one shard per worker"),
                clipOption, onOption,
            ],
            changes: .namedNet,
            example: "parallel workers=4\nparallel xor workers=2 batch=4\nmemory zero xor workers=16",
            details:
                "The batch that step would take next is cut into contiguous shards, as even as possible (10 rows over 4 "
                + "workers: 3, 3, 2, 2). Each worker runs forward and backward on its shard with the same weights; "
                + "its mean gradient is weighted by its share of the rows (1 under a summed loss), so the sum is "
                + "the whole batch's gradient even when shards differ. A ring all-reduce sums the gradients: N−1 "
                + "reduce-scatter steps, then N−1 all-gather steps, over N chunks of the flat gradient, each "
                + "worker sending 2(N−1)/N·|θ| values against a parameter server's |θ| each way. One update "
                + "follows, as step's: the non-finite guard, clip= on the reduced gradient (never per worker), the "
                + "optimizer. Dropout masks are drawn once for the whole batch and sliced by rows. The reduced "
                + "gradient is checked against one backward of the whole batch: bit for bit with one worker, "
                + "otherwise within rounding, the largest difference shown (sums in another order round "
                + "differently). train workers=N takes every step of a run this way. memory zero shows each "
                + "worker's memory under ZeRO."),
        CommandSpec(
            "forward", run: { try StepCommands.forward($0, in: &$1) },
            syntax: "forward [INPUTS] [key=value ...]",
            summary: "the next step's forward pass: inputs, then z and a per layer, and the loss",
            arguments: 0...1, options: [stepBatchOption, onOption],
            example: "forward\nforward [[0, 1]]",
            details: partDetails),
        CommandSpec(
            "backward", run: { try StepCommands.backward($0, in: &$1) },
            syntax: "backward [key=value ...]",
            summary: "the next step's pass backpropagated: deltas and gradients",
            options: [stepBatchOption, onOption], example: "backward", details: partDetails),
        CommandSpec(
            "update", run: { try StepCommands.update($0, in: &$1) },
            syntax: "update [key=value ...]",
            summary: "apply the optimizer to the gradients and show the change",
            options: [clipOption], example: "update\nupdate clip=1", details: partDetails),
        CommandSpec(
            "predict", run: { try ViewCommands.predict($0, in: &$1) },
            syntax: "predict INPUTS|DATA",
            summary: "the current net's outputs for some inputs or a data set",
            arguments: 1...1, changes: .nothing, example: "predict [[0, 1], [1, 1]]"),
        CommandSpec(
            "gradcheck", run: { try GradientCheck.run($0, in: &$1) },
            syntax: "gradcheck [NET]",
            summary: "compare backprop's gradients with finite differences", arguments: 0...1,
            options: [
                OptionSpec("eps", .number, default: "1e-6", "finite-difference step (on a Float64 copy)"),
                OptionSpec("tolerance", .number, default: "1e-4", "largest relative error that passes"),
                onOption,
            ],
            changes: .nothing, example: "gradcheck"),
        CommandSpec(
            "lrfind", run: { try RateFinder.run($0, in: &$1) },
            syntax: "lrfind [NET] [start=RATE] [end=RATE] [steps=N] [key=value ...]",
            summary: "learning-rate range test on a copy of the net: loss against an exponentially rising lr",
            arguments: 0...1,
            options: [
                OptionSpec("start", .number, default: "1e-7", "the first step's learning rate"),
                OptionSpec("end", .number, default: "10", "the rate the sweep rises towards"),
                OptionSpec(
                    "steps", .integer, default: "100",
                    "steps of the sweep; step i (from 0) runs at start·(end/start)^(i/steps)"),
                OptionSpec(
                    "stop", .boolean, default: "true", "stop once the smoothed loss passes 4× its best"),
                OptionSpec("batch", .integer, default: "all", "samples per step, as train's"),
                OptionSpec("shuffle", .boolean, default: "true", "shuffle samples each epoch, as train's"),
                clipOption,
                onOption,
                OptionSpec("log", .boolean, default: "false", "logarithmic loss axis"),
                OptionSpec("ascii", .boolean, default: "false", "ASCII instead of braille"),
                OptionSpec("width", .integer, default: "72", "columns"),
                OptionSpec("height", .integer, default: "16", "rows"),
            ],
            changes: .nothing, example: "lrfind\nlrfind xor start=1e-5 end=1 steps=50",
            details:
                "Leslie Smith's range test as fastai's lr_find runs it: train's own step on the batches "
                + "train would take next, on a copy of the net with a fresh optimizer of its kind and "
                + "settings, the loss smoothed as fastai does (exponential average, β 0.98, bias-corrected) "
                + "and drawn against lr on a log axis. Two rates are suggested and marked: where the smoothed "
                + "loss falls fastest against log(lr) before its lowest point (fastai's steep, which reads the "
                + "whole curve) and a tenth of the rate at its minimum "
                + "(fastai's minimum), both read past the first tenth of the steps and before the last 5. "
                + "A step whose loss, gradient or update is not finite ends the sweep, which says so. The net, "
                + "its optimizer state, history, data cursor, steps and the session's generator are unchanged; "
                + "export lrfind writes the last sweep."),
    ]

    static let viewingCommands: [CommandSpec] = [
        CommandSpec(
            "show", run: { try ViewCommands.show($0, in: &$1) },
            syntax: "show WHAT [NET], show data [DATA], show compare [NET ...]",
            summary: "show a table: " + showTopics.joined(separator: ", "),
            arguments: 1...17,
            options: [
                targetOption,
                OptionSpec(
                    "on", .name, "data set for confusion and misclassified (default: the current one)"),
                OptionSpec("limit", .integer, default: "10", "misclassified examples listed"),
                OptionSpec("smoothing", .number, default: "1", "bigrams: the count added to every cell"),
                OptionSpec(
                    "layer", .integer, default: "1", "attention: which attention layer or block, from 1"),
                OptionSpec("head", .integer, default: "all", "attention: which head, from 1"),
                OptionSpec(
                    "text", .string, default: "the data's first example",
                    "attention: the characters run through the net"),
            ],
            keywords: showTopics, exhaustive: true,
            changes: .nothing,
            example:
                "show summary\nshow weights xor\nshow confusion\nshow misclassified limit=5\nshow compare\nshow vars",
            details:
                "compare puts several nets' training side by side (all trained nets when none is named); "
                + "confusion and misclassified use the data set's validation part when it has one; "
                + "64-feature examples (8x8 digits) are also drawn as heatmaps; vars lists every net and "
                + "data set with its shape, parameters, bytes and step; embeddings draws a token net's "
                + "embedding table on its two principal components, each token where its row falls; "
                + "attention draws one heatmap per head of a sequence model's attention (layer=K head=H "
                + "text=\"...\"), the text's characters on both axes, row i what position i attends to; "
                + "bigrams draws how often each token follows each in a token data set and the loss of the "
                + "model that predicts by those counts (smoothing=1 adds one to each).",
            optionsByKeyword: ["attention": AttentionView.options, "bigrams": ["smoothing"]]),
        CommandSpec(
            "plot", run: { try PlotCommands.plot($0, in: &$1) },
            syntax: "plot loss|ratio|gradnorm|saturation|boundary|landscape|hist [NET ...] [key=value ...]",
            summary:
                "text line chart of losses, update ratios, gradient norms or saturated units, a 2-D decision "
                + "boundary, a loss landscape, or each layer's weights or gradients over time",
            arguments: 1...16,
            options: [
                OptionSpec(
                    "log", .boolean, default: "false (true for ratio and gradnorm)", "logarithmic y axis"),
                OptionSpec(
                    "val", .boolean, default: "true for one net",
                    "also draw each net's validation loss (loss charts)"),
                OptionSpec("ascii", .boolean, default: "false", "ASCII instead of braille"),
                OptionSpec("width", .integer, default: "72", "columns"),
                OptionSpec(
                    "height", .integer, default: "16 (8 for hist)", "rows (value bins per layer for hist)"),
                OptionSpec(
                    "dims", .integer, default: "1",
                    "landscape: 1 for the line from the start to now, 2 for the plane of two random directions"
                ),
                OptionSpec("from", .number, default: "-0.5", "landscape line: the first α"),
                OptionSpec("to", .number, default: "1.5", "landscape line: the last α"),
                OptionSpec(
                    "points", .integer, default: "41 (21 for dims=2)",
                    "landscape: α values on the line, or per side of the plane (odd)"),
                OptionSpec("span", .number, default: "1", "landscape plane: α and β run from -span to span"),
                OptionSpec(
                    "seed", .integer, default: "the session's seed",
                    "landscape plane: the directions' generator"),
            ],
            keywords: ["loss", "ratio", "gradnorm", "saturation", "boundary", "landscape", "hist"],
            exhaustive: true,
            changes: .nothing,
            example:
                "plot loss\nplot loss xor log=true\nplot loss xor val=true\nplot ratio\nplot gradnorm\n"
                + "plot saturation\nplot boundary\n"
                + "plot landscape xor\nplot landscape xor dims=2 span=0.5\nplot hist xor grads",
            details:
                "ratio draws each dense layer's update ratio ‖ΔW‖/‖W‖ at the logged steps, on a log axis "
                + "with a guide at 1e-3, the size of a healthy update (show health has the numbers). "
                + "gradnorm draws the global gradient norm ‖∇θ‖ (every parameter that trains, before clip=) of every step "
                + "train and step took, on a log axis (past 4096 steps each point the largest of its steps). "
                + "saturation draws, at the logged steps, each relu layer's share of units that output zero "
                + "for every row of the step's batch and each sigmoid or tanh layer's share of saturated "
                + "outputs: |tanh| > 0.97, a sigmoid below 0.015 or above 0.985 (the same through "
                + "σ(x) = (1 + tanh(x/2))/2). "
                + "landscape draws the loss over the whole current data set, in evaluation mode, along "
                + "θ(α) = (1 − α)·θ_start + α·θ_now, with α=0 (the weights before the first step, or as "
                + "loaded) and α=1 (now) marked; with dims=2 it shades the loss on θ_now + α·d₁ + β·d₂ "
                + "minus the loss at the centre, d₁ and d₂ random directions with each unit's incoming "
                + "weights scaled to that unit's norm (Li et al. 2018, filter normalisation), biases and "
                + "layer-norm parameters not moved. Both work on a copy; the net's weights are unchanged. "
                + "hist NET [weights|grads|activations] draws a heat strip per dense layer: a column per measured step "
                + "(train measures the steps it logs, every=), a row per value bin (height= rows), shaded by "
                + "the share of the layer's weights, of that step's gradients or of its outputs on that step's "
                + "batch, in the bin."),
        CommandSpec(
            "hist", run: { try PlotCommands.hist($0, in: &$1) },
            syntax: "hist weights|grads [NET]",
            summary: "histogram per layer of weights or gradients",
            arguments: 1...2,
            options: [
                OptionSpec("bins", .integer, default: "10", "number of bins"),
                OptionSpec(
                    "layout", .choice(["stacked", "side"]), default: "stacked",
                    "layers one under another or side by side"),
                OptionSpec("ascii", .boolean, default: "false", "ASCII instead of block characters"),
            ],
            keywords: ["weights", "grads"], exhaustive: true, changes: .nothing, example: "hist grads"),
        CommandSpec(
            "heatmap", run: { try PlotCommands.heatmap($0, in: &$1) },
            syntax: "heatmap PATH", summary: "a matrix as shaded cells with a scale",
            arguments: 1...1,
            options: [
                OptionSpec("ascii", .boolean, default: "false", "ASCII shades instead of Unicode blocks")
            ], changes: .nothing, example: "heatmap xor.L1.W"),
        CommandSpec(
            "export", run: { try ExportCommand.run($0, in: &$1) },
            syntax: "export WHAT \"FILE\", export compare [NET ...] \"FILE\", export torch NET \"DIR\"",
            summary:
                "write history, weights, summary, data, compare, vars or health to .tsv .csv .md .txt .json; "
                + "plot or boundary to .txt .md; the last lrfind, landscape or hist to any of them; "
                + "a net's training run to a folder PyTorch continues (torch)",
            arguments: 2...18,
            options: [
                targetOption,
                OptionSpec("batch", .integer, default: "all", "torch: rows per step of the exported run"),
                OptionSpec(
                    "shuffle", .boolean, default: "true", "torch: shuffle each new epoch as train does"),
                OptionSpec("steps", .integer, default: "1 epoch", "torch: steps a run of train_ddp.py takes"),
                OptionSpec(
                    "clip", .number, "torch: clip the global gradient norm to this before each update"),
                OptionSpec("on", .name, "torch: the data set to train on (default: the current one)"),
                OptionSpec(
                    "schedule", .choice(TrainingSchedule.names), default: "constant",
                    "torch: the learning rate over the exported run's steps=, as train's schedule="),
                OptionSpec(
                    "warmup", .integer, default: "0", "torch: warm-up steps before the schedule, as train's"),
                OptionSpec("min_lr", .number, default: "lr/10", "torch: where cosine ends"),
                OptionSpec(
                    "gamma", .number, default: "0.1", "torch: the factor of step and exponential decay"),
                OptionSpec("step_size", .integer, "torch: steps between step decays"),
            ], keywords: exportTopics, exhaustive: true,
            changes: .nothing,
            example:
                "export history \"runs/xor.tsv\"\nexport compare \"runs/compare.md\"\nexport lrfind \"runs/lr.tsv\"",
            details:
                "torch writes a folder: model.py (the net as an nn.Module with save's names), model.safetensors, "
                + "optimizer.safetensors (the optimizer's buffers and steps; "
                + torchOptimizers + "), data.safetensors "
                + "(the training rows and the epoch in progress), train_config.json and train_ddp.py, which "
                + "torchrun --standalone --nproc_per_node=N train_ddp.py runs on the CPU to continue the run "
                + "with train's batches, writing back what load reads. "
                + "lrfind, landscape and hist write what the last lrfind, plot landscape or plot hist computed: every point's "
                + "numbers to .tsv .csv .json, the chart and table as shown to .txt .md. health writes every "
                + "measured step's layer health (norms, update ratio, dead and saturated shares), a row per "
                + "step and layer."),
    ]
}
