import Foundation
import Ink
import StepwiseMarkup
import StepwiseWords

/// A program a lesson prints for the reader to run: a ```` ```python runnable ```` fence, then
/// an ```` ```output ```` fence with exactly what it prints. The page shows the code and,
/// under "prints:", the output; the tests run the code and compare.
public struct CodeSample: Sendable, Equatable {
    /// The language of the fence (`python`).
    public let language: String
    /// The program, without its fences.
    public let code: String
    /// What the lesson says the program prints (without its fences; nil when the lesson has no
    /// output block right after the code, which the tests report).
    public let output: String?
    /// The line of the opening fence in the lesson file, counted from 1.
    public let line: Int

    /// The fence marker that makes a code block runnable: ```` ```python runnable ````.
    static let runnableMarker = "runnable"
    /// The info string of the block that shows what the program prints.
    static let outputLanguage = "output"

    /// Every runnable code block of a lesson file's text, in order.
    public static func runnable(in text: String) -> [CodeSample] {
        let lines = text.components(separatedBy: "\n")
        var samples: [CodeSample] = []
        var index = 0
        while index < lines.count {
            let info = fenceInfo(lines[index])
            guard let info, info.count == 2, info[1] == runnableMarker, let close = closingFence(in: lines, after: index) else {
                index += 1
                continue
            }
            let code = lines[(index + 1)..<close].joined(separator: "\n")
            var output: String?
            var next = close + 1
            while next < lines.count, lines[next].trimmingCharacters(in: .whitespaces).isEmpty { next += 1 }
            if next < lines.count, fenceInfo(lines[next]) == [outputLanguage], let outputClose = closingFence(in: lines, after: next) {
                output = lines[(next + 1)..<outputClose].joined(separator: "\n")
                next = outputClose
            } else {
                next = close
            }
            samples.append(CodeSample(language: info[0], code: code, output: output, line: index + 1))
            index = next + 1
        }
        return samples
    }

    /// The words of a line that opens a fence ("```python runnable" → ["python", "runnable"]);
    /// nil for any other line.
    private static func fenceInfo(_ line: String) -> [String]? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("```"), trimmed.count > 3 else { return nil }
        return trimmed.dropFirst(3).split(separator: " ").map(String.init)
    }

    /// The index of the line that closes the fence opened at `open`.
    private static func closingFence(in lines: [String], after open: Int) -> Int? {
        lines[(open + 1)...].firstIndex { $0.trimmingCharacters(in: .whitespaces) == "```" }
    }

    /// Renders runnable code as an ordinary code block of its language, and an output block
    /// under a "prints:" label in the page's edition, for Ink's code blocks.
    static func inkModifier(_ edition: Edition) -> Modifier {
        let label = MarkupEscaping.text(SiteWords.codeOutputLabel(edition))
        return Modifier(target: .codeBlocks) { html, markdown in
            let firstLine = markdown.prefix { $0 != "\n" }
            guard let info = fenceInfo(String(firstLine)) else { return html }
            if info == [outputLanguage] {
                let plain = html.replacingOccurrences(of: "<code class=\"language-\(outputLanguage)\">", with: "<code>")
                return "<div class=\"code-output\"><p class=\"code-output-label\">\(label)</p>\(plain)</div>"
            }
            if info.count == 2, info[1] == runnableMarker {
                return html.replacingOccurrences(of: "class=\"language-\(info.joined(separator: " "))\"",
                                                 with: "class=\"language-\(MarkupEscaping.attribute(info[0]))\"")
            }
            return html
        }
    }
}
