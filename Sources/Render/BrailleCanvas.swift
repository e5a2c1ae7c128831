/// A grid of braille characters addressed by dots: each character holds 2 × 4 dots.
struct BrailleCanvas: Sendable {
    let columns: Int
    let rows: Int
    private var masks: [UInt8]

    /// A blank canvas of `columns` × `rows` characters.
    init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        masks = Array(repeating: 0, count: columns * rows)
    }

    var dotColumns: Int { columns * 2 }
    var dotRows: Int { rows * 4 }

    /// The bit for each dot position, indexed [x][y] within a character (Unicode braille order).
    private static let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// Sets one dot; dots outside the canvas are ignored.
    mutating func set(x: Int, y: Int) {
        guard x >= 0, y >= 0, x < dotColumns, y < dotRows else { return }
        masks[(y / 4) * columns + x / 2] |= Self.bits[x % 2][y % 4]
    }

    /// Sets every dot on the straight line between two dots (Bresenham).
    mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int)) {
        var x = start.x
        var y = start.y
        let dx = abs(end.x - x)
        let dy = -abs(end.y - y)
        let stepX = x < end.x ? 1 : -1
        let stepY = y < end.y ? 1 : -1
        var error = dx + dy
        while true {
            set(x: x, y: y)
            if x == end.x && y == end.y { break }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x += stepX }
            if doubled <= dx { error += dx; y += stepY }
        }
    }

    /// The character at a cell, or nil when none of its dots is set.
    func character(column: Int, row: Int) -> Character? {
        let mask = masks[row * columns + column]
        guard mask != 0 else { return nil }
        return Character(Unicode.Scalar(0x2800 + UInt32(mask))!)
    }
}
