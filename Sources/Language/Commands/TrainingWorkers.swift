import Engine
import Render

/// `train ... workers=N`: every step of the run taken as N simulated data-parallel workers take
/// it (the Engine's `TrainingOptions.dataParallel`), the option's refusals, the memory the workers'
/// gradients take, and the table after the summary: each worker's rows and losses, the ring's
/// bytes against a parameter server, and the check of the reduced gradient against the whole batch's.
enum TrainingWorkers {
    /// The most workers a run simulates: each holds a gradient of the whole net.
    static let maximum = 64

    /// The statement's workers=, checked against the net and the batch before anything is shown;
    /// nil without it.
    static func read(_ command: CommandStatement, record: NetRecord, batchRows: Int) throws
        -> DataParallelTraining?
    {
        guard let option = command.option("workers") else { return nil }
        guard let workers = try OptionReader.integer(command, "workers", atLeast: 1, atMost: maximum) else {
            return nil
        }
        guard record.rule == .backprop else {
            throw LanguageError.needsBackprop(
                .workers, net: record.name, rule: record.rule, at: option.nameRange)
        }
        guard workers <= batchRows else {
            throw LanguageError.notAllowed(
                why:
                    "\(workers) workers need a row each, but a batch has \(batchRows) row\(batchRows == 1 ? "" : "s")",
                notes: ["use workers=\(batchRows) or fewer, or batch=\(workers) or more"],
                at: option.value.range)
        }
        return DataParallelTraining(workers: workers)
    }

    /// The workers' Float64 gradient buffers, the whole batch's for the checks, and each shard
    /// size's plan.
    static func memoryParts(_ workers: DataParallelTraining, record: NetRecord) -> [(
        what: String, bytes: Int
    )] {
        let values = record.network.parameters.reduce(0) { $0 + $1.count }
        return [
            (
                "the \(workers.workers) workers' gradients and the whole batch's (Float64)",
                values.multipliedSaturated((workers.workers + 1) * 8)
            )
        ]
    }

    /// The table after the summary, and the lines that say what kept the run exact.
    static func rendering(
        _ summary: DataParallelSummary, record: NetRecord, clip: Double?, accumulation: Int, teacher: String?,
        precision: String?, digits: Int
    ) throws -> Rendering {
        let formatter = ValueFormatter(digits: digits)
        func loss(_ value: Double?) -> Table.Cell { value.map { .number($0) } ?? .text("idle") }
        let server = summary.parameterServerBytesPerStep
        let rows: [[Table.Cell]] = (0..<summary.workers).map { worker in
            [
                .text("W\(worker + 1)"), .text("\(summary.shardRows[worker])"),
                loss(summary.lastLosses[worker]),
                loss(summary.meanLosses[worker]),
                .text(MemoryBudget.format(summary.ringBytesPerStep(worker: worker))),
                .text(MemoryBudget.format(server)),
            ]
        }
        let n = summary.workers
        let table = try Table(
            title: "data parallel: \(n) simulated worker\(n == 1 ? "" : "s") of net \(record.name), "
                + "every step on its own shard, one all-reduce, one update",
            columns: [
                Table.Column("worker"),
                Table.Column(
                    record.network.spec.isSequenceModel ? "examples a step" : "rows a step", alignment: .right
                ),
                Table.Column("loss (last step)"), Table.Column("loss (mean)"),
                Table.Column("ring sends a step", alignment: .right),
                Table.Column("to a server a step", alignment: .right),
            ],
            rows: rows,
            footnote:
                "each worker sends as much as it receives; 2(N−1)/N·|θ|·b in the ring, |θ|·b each way to a "
                + "parameter server, whose own link then carries N·|θ|·b = \(MemoryBudget.format(n * server)) each way",
            numberFormat: NumberFormat(significantDigits: digits))
        var lines = [
            trafficLine(summary, formatter: formatter),
            checkLine(summary, precision: precision, formatter: formatter),
        ]
        lines.append(
            clip.map {
                "clip=\(formatter.format($0)): the global norm of the all-reduced gradient, once a step, as DDP "
                    + "users call clip_grad_norm_ after backward; clipping each worker's gradient would bound the "
                    + "wrong norm and change the sum, so workers never clip"
            }
                ?? "clipping, when clip= is given, is global: once a step on the all-reduced gradient, never per worker"
        )
        lines += exactnessLines(
            summary, record: record, accumulation: accumulation, teacher: teacher, precision: precision)
        return Rendering.stacked([table.rendering()] + lines.map { Rendering(plain: $0) })
    }

    private static func trafficLine(_ summary: DataParallelSummary, formatter: ValueFormatter) -> String {
        let n = summary.workers
        let theta = summary.gradientLength
        let b = summary.bytesPerElement
        let ring = Double(2 * (n - 1)) / Double(n) * Double(theta * b)
        return "bytes: |θ| = \(theta) values × \(b) bytes; each worker sends 2(N−1)/N·|θ|·b = "
            + "\(formatter.format(ring)) B a step in the ring against \(theta * b) B to a parameter server; over "
            + "\(summary.steps) step\(summary.steps == 1 ? "" : "s") "
            + (n == 1
                ? "the one worker sent nothing"
                : "the \(n) workers sent \(MemoryBudget.format(summary.totalRingBytes)) in all")
    }

    private static func checkLine(
        _ summary: DataParallelSummary, precision: String?, formatter: ValueFormatter
    )
        -> String
    {
        let checked =
            "on \(summary.checks) of \(summary.steps) step\(summary.steps == 1 ? "" : "s") (the first and each "
            + "logged one)"
        if summary.bitIdentical {
            return "check: \(checked) the all-reduced gradient equals the whole batch's bit for bit "
                + "(max relative difference 0)"
                + (summary.workers == 1 ? ": one worker sums in the whole batch's order" : "")
        }
        return "check: \(checked) max relative difference max |Δ| / max |g| = "
            + "\(formatter.format(summary.maximumRelativeDifference))"
            + (summary.worstCheckStep.map { " (at step \($0))" } ?? "")
            + ", max |Δ| = \(formatter.format(summary.maximumAbsoluteDifference)); not bit for bit because the "
            + "sums are reassociated (each shard summed apart, then added round the ring in a fixed order)"
            + (precision.map { " and each worker's gradient is rounded to \($0) apart" } ?? "")
            + ", so a seed still gives the same numbers on every machine"
    }

    private static func exactnessLines(
        _ summary: DataParallelSummary, record: NetRecord, accumulation: Int, teacher: String?,
        precision: String?
    ) -> [String] {
        var lines: [String] = []
        if summary.unevenSteps > 0 {
            lines.append(
                "uneven shards on \(summary.unevenSteps) step\(summary.unevenSteps == 1 ? "" : "s"): each "
                    + "worker's mean gradient weighs nₖ/n, so the sum is the whole batch's mean gradient")
        }
        if summary.idleWorkerSteps > 0 {
            lines.append(
                "on \(summary.idleWorkerSteps) step\(summary.idleWorkerSteps == 1 ? "" : "s") an epoch's short last "
                    + "batch left a worker without rows: it sent zeros, as torch's Join lets it")
        }
        if record.network.hasModeDependentLayers {
            lines.append(
                "dropout: the masks are drawn once for the whole batch, as one step draws them, and each worker "
                    + "takes its rows' slice")
        }
        if accumulation > 1 {
            lines.append(
                "accum=\(accumulation): each worker adds its shards of the \(accumulation) batches before the "
                    + "step's one all-reduce, as DDP's no_sync")
        }
        if let precision {
            lines.append(
                "precision=\(precision): each worker rounds its own scaled gradient to \(precision) and unscales it "
                    + "before the all-reduce (as DDP's fp16 compression hook sends it), one loss scaler answers for "
                    + "all, and an overflow on any worker skips the step for all (a skipped step is not checked); the "
                    + "flush counts below add the workers'")
        }
        if let teacher {
            lines.append("teacher=\(teacher): the teacher runs on each worker's shard, in evaluation mode")
        }
        if record.network.spec.isSequenceModel {
            lines.append(
                "a sequence model is cut by examples, each with all its \(record.network.spec.rowsPerExample) "
                    + "positions")
        }
        return lines
    }
}
