import Foundation
import Render

/// Several renderings shown as one display, separated by a blank line.
enum RenderingStack {
    static func join(_ renderings: [Rendering]) -> Rendering {
        let plain = renderings.map(\.plain).joined(separator: "\n\n")
        let html = renderings.map { $0.html ?? "<pre>\(escape($0.plain))</pre>" }.joined(separator: "\n")
        let markdown = renderings.map { $0.markdown ?? "```\n\($0.plain)\n```" }.joined(separator: "\n\n")
        return Rendering(plain: plain, html: html, markdown: markdown)
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
