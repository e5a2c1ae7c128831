import Render

/// A value computed by the session: what bare expressions, `print` and paths produce.
public indirect enum Value: Sendable, Equatable {
    case number(Double)
    case string(String)
    /// A list; a list of equally long lists of numbers is a matrix.
    case list([Value])
    /// A tensor's values (row-major) with its shape and a name for the title.
    case tensor(name: String, values: [Double], shape: [Int])
    /// Something shown as a ready-made table or text, such as a net's summary.
    case rendered(Rendering)

    /// The rows of a matrix (a list of equally long lists of numbers), if this is one.
    var matrixRows: [[Double]]? {
        guard case .list(let rows) = self, !rows.isEmpty else { return nil }
        var result: [[Double]] = []
        for row in rows {
            guard case .list(let cells) = row else { return nil }
            var numbers: [Double] = []
            for cell in cells {
                guard case .number(let number) = cell else { return nil }
                numbers.append(number)
            }
            result.append(numbers)
        }
        let width = result[0].count
        return result.allSatisfy { $0.count == width } ? result : nil
    }
}
