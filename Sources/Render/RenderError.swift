/// Everything that can go wrong while rendering or exporting, with the data to explain it.
public enum RenderError: Error, Sendable, Equatable {
    /// A table row has a different number of cells than the table has columns.
    case rowLength(row: Int, expected: Int, found: Int)
    /// A matrix's values do not fill its shape (or its rows differ in length).
    case matrixShape(shape: [Int], valueCount: Int)
    /// A file name's extension names no export format.
    case unknownExportExtension(path: String, found: String, valid: [String])
    /// This kind of output has no form in the chosen format (a chart as CSV, say).
    case unsupportedExport(what: String, format: String, valid: [String])
    /// Writing a file failed; the previous file, if any, is unchanged.
    case fileWrite(path: String, reason: String)
}

extension RenderError: CustomStringConvertible {
    /// The one sentence a user reads; every render error is worded here.
    public var description: String {
        switch self {
        case .rowLength(let row, let expected, let found):
            return "row \(row) has \(found) cells but the table has \(expected) columns"
        case .matrixShape(let shape, let valueCount):
            let product = shape.reduce(1, *)
            return "a matrix of shape \(shape) needs \(product) values but has \(valueCount)"
        case .unknownExportExtension(let path, let found, let valid):
            let choices = valid.map { ".\($0)" }.joined(separator: ", ")
            let what = found.isEmpty ? "has no extension" : "has the extension '.\(found)'"
            return "cannot export to '\(path)': it \(what); use one of \(choices)"
        case .unsupportedExport(let what, let format, let valid):
            let choices = valid.map { ".\($0)" }.joined(separator: ", ")
            return "a \(what) cannot be exported as .\(format); use one of \(choices)"
        case .fileWrite(let path, let reason):
            return "cannot write '\(path)': \(reason); any existing file is unchanged"
        }
    }
}
