/// The leading principal components of a set of rows (an embedding table's vectors): the
/// directions of largest variance, each row's coordinates along them, and the share of the
/// variance they explain. Found by power iteration on the covariance matrix with deflation,
/// from a fixed start and for a fixed number of rounds, so the same rows give the same bits on
/// every machine; each direction's sign is chosen so that its largest entry is positive.
public struct PrincipalComponents: Sendable, Equatable {
    /// Unit directions, one per component, each as long as a row.
    public let directions: [[Double]]
    /// The variance of the rows along each direction (its eigenvalue).
    public let variances: [Double]
    /// The rows' total variance (the covariance matrix's trace).
    public let totalVariance: Double
    /// Each row's coordinates along the directions, after subtracting the rows' mean.
    public let coordinates: [[Double]]

    /// Rounds of power iteration per component: far past convergence for tables of a few
    /// hundred columns, where each round costs one matrix-vector product.
    static let rounds = 500

    /// The first `count` components of `rows` (all of the same length, at least two rows).
    public init(of rows: [[Double]], count: Int = 2) {
        let width = rows.first?.count ?? 0
        let n = Double(max(rows.count, 1))
        var mean = [Double](repeating: 0, count: width)
        for row in rows { for j in 0..<width { mean[j] += row[j] / n } }
        let centred = rows.map { row in (0..<width).map { row[$0] - mean[$0] } }
        var covariance = [[Double]](repeating: [Double](repeating: 0, count: width), count: width)
        for row in centred {
            for i in 0..<width { for j in 0..<width { covariance[i][j] += row[i] * row[j] / n } }
        }
        totalVariance = (0..<width).reduce(0) { $0 + covariance[$1][$1] }
        var directions: [[Double]] = []
        var variances: [Double] = []
        for component in 0..<min(count, width) {
            var vector = (0..<width).map { 1 + Double(($0 * 7 + component * 3) % 11) / 11 }
            var eigenvalue = 0.0
            for _ in 0..<Self.rounds {
                var next = (0..<width).map { i in
                    (0..<width).reduce(0) { $0 + covariance[i][$1] * vector[$1] }
                }
                // Deflation: remove the directions already found.
                for found in directions {
                    let overlap = zip(next, found).reduce(0) { $0 + $1.0 * $1.1 }
                    for j in 0..<width { next[j] -= overlap * found[j] }
                }
                let norm = next.reduce(0) { $0 + $1 * $1 }.squareRoot()
                guard norm > 0 else { break }
                eigenvalue = norm
                vector = next.map { $0 / norm }
            }
            if let largest = vector.indices.max(by: { abs(vector[$0]) < abs(vector[$1]) }),
                vector[largest] < 0
            {
                vector = vector.map { -$0 }
            }
            directions.append(vector)
            variances.append(eigenvalue)
        }
        self.directions = directions
        self.variances = variances
        coordinates = centred.map { row in directions.map { d in zip(row, d).reduce(0) { $0 + $1.0 * $1.1 } }
        }
    }
}
