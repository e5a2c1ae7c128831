/// The number of monospace columns text occupies, as a terminal or JupyterLab shows it.
///
/// `String.count` counts grapheme clusters and `utf8.count` counts bytes; neither is the
/// width on screen. Braille, box-drawing and block characters are one column wide,
/// East Asian wide characters and emoji two, combining marks none.
public enum DisplayWidth {
    /// The display width of `text` in columns.
    public static func of<S: StringProtocol>(_ text: S) -> Int {
        var width = 0
        for character in text {
            width += of(character)
        }
        return width
    }

    /// The display width of one grapheme cluster: that of its first scalar, since the
    /// scalars that follow (combining marks, variation selectors, joiners) add nothing.
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.count > 1,
            character.unicodeScalars.contains(where: { $0.value == 0xFE0F })
        {
            return 2  // an emoji presentation selector makes the cluster a wide emoji
        }
        return of(first)
    }

    /// The display width of one scalar (0, 1 or 2).
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0 { return 0 }
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format:
            return 0
        default:
            break
        }
        if isWide(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// Pads `text` with spaces to `width` columns; text already as wide is returned as is.
    public static func pad<S: StringProtocol>(
        _ text: S, to width: Int, alignment: TextAlignment = .left
    ) -> String {
        let missing = width - of(text)
        guard missing > 0 else { return String(text) }
        switch alignment {
        case .left:
            return text + String(repeating: " ", count: missing)
        case .right:
            return String(repeating: " ", count: missing) + text
        case .center:
            let before = missing / 2
            return String(repeating: " ", count: before) + text
                + String(repeating: " ", count: missing - before)
        }
    }

    /// The longest prefix of `text` that fits in `width` columns.
    public static func truncate<S: StringProtocol>(_ text: S, to width: Int) -> String {
        var result = ""
        var used = 0
        for character in text {
            let next = of(character)
            if used + next > width { break }
            result.append(character)
            used += next
        }
        return result
    }

    /// East Asian Wide and Fullwidth ranges (Unicode Standard Annex #11), the ones
    /// that occur in practice: Hangul, CJK, kana, fullwidth forms.
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
            0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
            0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x2FFFD,
            0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
