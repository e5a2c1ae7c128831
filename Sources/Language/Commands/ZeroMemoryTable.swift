import Engine
import Render

/// `memory zero [NET] [workers=N]`: what each data-parallel worker holds of a net's parameters,
/// gradients and optimizer state under plain data parallelism and ZeRO-1, 2 and 3
/// (`Engine.ZeroMemory`), for 1, 2, 4 and 8 workers and any other number asked for.
enum ZeroMemoryTable {
    static let standardWorkers = [1, 2, 4, 8]

    static func rendering(_ command: CommandStatement, in context: ExecutionContext) throws -> Rendering {
        var netName: ValueExpression?
        if command.arguments.count > 1, case .value(let expression) = command.arguments[1] {
            guard expression.name != nil else {
                throw LanguageError.argumentForm(
                    command: "memory zero", takes: "a net's name", at: expression.range)
            }
            netName = expression
        }
        let record = try context.netRecord(netName?.name, at: netName?.range ?? command.nameRange)
        let asked = try OptionReader.integer(command, "workers", atLeast: 1, atMost: 1_000_000)
        let workerCounts = Array(Set(standardWorkers + (asked.map { [$0] } ?? []))).sorted()
        let network = record.network
        let memory = ZeroMemory(
            parameterCount: network.parameters.reduce(0) { $0 + $1.count },
            bytesPerElement: network.dtype.byteCount, stateBuffers: record.optimizer.stateBuffers)
        var rows: [[Table.Cell]] = []
        for workers in workerCounts {
            let plain = memory.footprint(.dataParallel, workers: workers).total
            for stage in ZeroMemory.Stage.allCases {
                let footprint = memory.footprint(stage, workers: workers)
                rows.append([
                    .text(stage == .dataParallel ? "\(workers)" : ""), .text(stage.name),
                    .text(MemoryBudget.format(footprint.parameters)),
                    .text(MemoryBudget.format(footprint.gradients)),
                    .text(MemoryBudget.format(footprint.optimizerState)),
                    .text(MemoryBudget.format(footprint.total)),
                    .text(plain > 0 ? "\(percent(footprint.total, of: plain))%" : "–"),
                ])
            }
        }
        let b = memory.bytesPerElement
        let k = memory.stateBuffers
        let dtypeName = network.dtype == .float32 ? "f32" : "f64"
        return try Table(
            title:
                "memory per worker of net \(record.name) under ZeRO: Ψ = \(memory.parameterCount) parameters "
                + "× b = \(b) bytes (\(dtypeName)), \(record.optimizer.name) keeps K = \(k) "
                + "buffer\(k == 1 ? "" : "s") per parameter",
            columns: [
                Table.Column("N", alignment: .right), Table.Column("stage"),
                Table.Column("parameters", alignment: .right), Table.Column("gradients", alignment: .right),
                Table.Column("optimizer state", alignment: .right), Table.Column("total", alignment: .right),
                Table.Column("of DP", alignment: .right),
            ], rows: rows,
            footnote:
                "DP: bΨ + bΨ + K·bΨ; ZeRO-1 shards the optimizer state: bΨ + bΨ + K·b⌈Ψ/N⌉; ZeRO-2 the "
                + "gradients too: bΨ + (1 + K)·b⌈Ψ/N⌉; ZeRO-3 the parameters too: (2 + K)·b⌈Ψ/N⌉. The paper's "
                + "2Ψ + 2Ψ + KΨ counts fp16 weights and gradients and K = 12 bytes of fp32 state for Adam "
                + "(master weights, m, v); this engine trains in one dtype, so b bytes each and K of its own "
                + "buffers. Activations, batch plans and communication buffers are not counted."
        )
        .rendering()
    }

    /// `part` as a whole percentage of `whole`, rounded half up.
    private static func percent(_ part: Int, of whole: Int) -> Int {
        (part * 200 + whole) / (whole * 2)
    }
}
