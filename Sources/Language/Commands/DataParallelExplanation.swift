import Engine
import Render

/// The words and tables of one data-parallel step (`parallel`): the workers, the ring's steps,
/// the traffic against a parameter server, the check and the update.
struct DataParallelExplanation {
    let report: DataParallelReport
    let record: NetRecord
    let digits: Int

    private var formatter: ValueFormatter { ValueFormatter(digits: digits) }
    private var workerCount: Int { report.workers.count }

    func sections(rows: [Int]) throws -> [Rendering] {
        var sections = [try workerTable(rows: rows).rendering()]
        if workerCount > 1 {
            sections.append(try ringTable().rendering())
        } else {
            sections.append(Rendering(plain: "ring all-reduce: one worker, nothing to send"))
        }
        sections.append(try trafficTable().rendering())
        sections.append(Rendering(plain: checkLine))
        if let scale = report.clipScale, let norm = report.metrics.gradientNorm {
            sections.append(
                Rendering(
                    plain: "clip: ‖∇‖ of the reduced gradient = \(formatter.format(norm)); "
                        + (scale < 1
                            ? "scaled by \(formatter.format(scale))" : "within the norm, unchanged")
                        + " (once, after the all-reduce, as DDP users clip after backward; never per worker)")
            )
        }
        sections.append(
            Rendering(
                plain:
                    "update: one \(record.optimizer.name) step of the reduced gradient, as for the whole batch; "
                    + "loss Σ wₖ·lossₖ = \(formatter.format(report.combinedLoss)) (the whole batch in one "
                    + "pass: \(formatter.format(report.batchLoss))); memory zero workers=\(workerCount) "
                    + "shows what each worker holds"))
        return sections
    }

    /// One row per worker, and the whole step.
    private func workerTable(rows: [Int]) throws -> Table {
        let bytes = report.bytesPerElement
        var cells: [[Table.Cell]] = report.workers.enumerated().map { index, worker in
            [
                .text("W\(index + 1)"), .text(StepCommands.rowsText(Array(rows[worker.rows]))),
                .text("\(worker.rows.count)"), .number(worker.weight), .number(worker.loss),
                .number(worker.gradientNorm), .text("\(worker.elementsSent * bytes) B"),
                .text("\(worker.elementsReceived * bytes) B"),
            ]
        }
        cells.append([
            .text("all"), .text(StepCommands.rowsText(rows)), .text("\(rows.count)"),
            .number(report.workers.reduce(0) { $0 + $1.weight }), .number(report.combinedLoss),
            .number(report.metrics.gradientNorm ?? 0), .empty, .empty,
        ])
        let weighting =
            record.loss.reduction == .mean
            ? "wₖ = nₖ/n: each worker's mean gradient counts by its rows, so Σ wₖ·gₖ is the whole batch's "
                + "mean gradient, uneven shards included"
            : "wₖ = 1: a summed loss's gradients simply add"
        let masks =
            record.network.hasModeDependentLayers
            ? "; dropout masks drawn once for the whole batch and sliced by rows, so each worker has its own "
                + "and each row the one it would have in one step"
            : ""
        return try Table(
            title: "workers: each runs forward and backward on its own rows with the same weights",
            columns: [
                Table.Column("worker"), Table.Column("rows"), Table.Column("n", alignment: .right),
                Table.Column("wₖ"), Table.Column("loss"), Table.Column("‖gₖ‖"),
                Table.Column("sends", alignment: .right), Table.Column("receives", alignment: .right),
            ], rows: cells,
            footnote: weighting + masks + "; the last row's ‖g‖ is the reduced gradient's",
            numberFormat: NumberFormat(significantDigits: digits))
    }

    /// One row per ring step; each worker's column says which chunk it sends to whom.
    private func ringTable() throws -> Table {
        let chunks = report.ring.chunks.enumerated().map { index, range in
            "c\(index + 1) = values \(range.lowerBound + 1)–\(range.upperBound)"
        }
        var cells: [[Table.Cell]] = []
        for step in 1...(2 * (workerCount - 1)) {
            let transfers = report.transfers.filter { $0.step == step }
            guard let phase = transfers.first?.phase else { continue }
            let row: [Table.Cell] =
                [
                    .text("\(step)"),
                    .text(phase == .reduceScatter ? "reduce-scatter (adds)" : "all-gather (copies)"),
                ]
                + transfers.map { .text("c\($0.chunk + 1) → W\($0.receiver + 1)") }
            cells.append(row)
        }
        return try Table(
            title:
                "ring all-reduce of |θ| = \(report.gradientLength) gradient values in \(workerCount) chunks: "
                + chunks.joined(separator: ", "),
            columns: [Table.Column("step", alignment: .right), Table.Column("phase")]
                + (1...workerCount).map { Table.Column("W\($0) sends") },
            rows: cells,
            footnote:
                "each worker sends only to the next; after step \(workerCount - 1) worker i holds the sum of chunk "
                + "i+1, after step \(2 * (workerCount - 1)) every worker holds every sum; chunk c is summed from "
                + "worker c round the ring, g_c + g_c+1 + …, in that fixed order")
    }

    /// Bytes per worker per step: the ring against a parameter server.
    private func trafficTable() throws -> Table {
        let n = workerCount
        let b = report.bytesPerElement
        let theta = report.gradientLength
        let ringBytes = Double(2 * (n - 1)) / Double(n) * Double(theta * b)
        let server = report.parameterServerBytesPerWorker
        let ring = formatter.format(ringBytes)
        return try Table(
            title: "bytes per worker per step, |θ| = \(theta) values × \(b) bytes",
            columns: [
                Table.Column("scheme"), Table.Column("sends", alignment: .right),
                Table.Column("receives", alignment: .right), Table.Column("formula"),
            ],
            rows: [
                [.text("ring all-reduce"), .text("\(ring) B"), .text("\(ring) B"), .text("2(N−1)/N·|θ|·b")],
                [
                    .text("parameter server"), .text("\(server) B"), .text("\(server) B"),
                    .text("|θ|·b each way; the server itself moves N·|θ|·b = \(n * server) B each way"),
                ],
            ],
            footnote:
                "the ring's traffic per worker stays under 2·|θ|·b however many workers there are; the server's "
                + "grows with N (uneven chunks: each worker's exact bytes are in the workers table)")
    }

    /// The reduced gradient against one backward of the whole batch.
    private var checkLine: String {
        let same = "one backward of the whole batch (same rows, weights and masks)"
        if report.isBitIdentical {
            return "check: the reduced gradient equals \(same) bit for bit (max |Δ| = 0)"
                + (workerCount == 1 ? ": one worker sums in the whole batch's order" : "")
        }
        return "check: the reduced gradient against \(same): max |Δ| = "
            + "\(formatter.format(report.maximumAbsoluteDifference)), max |Δ| / max |g| = "
            + "\(formatter.format(report.maximumRelativeDifference)); not bit for bit, because the sums are "
            + "reassociated (each shard's rows summed apart and scaled by 1/nₖ, then the shards added round the "
            + "ring) and floating-point addition rounds differently in another order"
    }
}
