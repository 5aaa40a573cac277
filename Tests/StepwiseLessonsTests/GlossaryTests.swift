import Foundation
import Testing
@testable import StepwiseLessons

/// `stepwise-glossary`: entries as data, one table row each with its anchor, the Chinese term
/// beside the English one, and errors at the block's line.
@Suite struct GlossaryTests {
    static func parse(_ body: String) throws -> GlossaryDirective {
        guard case .glossary(let glossary) = try Directive.parse(kind: "glossary", body: body, file: "lesson.md", fenceLine: 4, specs: [:]) else {
            throw CocoaError(.coderInvalidValue)
        }
        return glossary
    }

    @Test func rendersOneRowPerEntryWithItsAnchor() throws {
        let glossary = try Self.parse("""
            - term: Learning rate
              zh: 学习率
              meaning: The factor η of every update.
              where: "[Gradient descent](../gradient-descent/index.html#how-large-a-step)"
            - term: Epoch <1>
              meaning: One pass over the data.
              where: The gradient descent lesson.
            """)
        let html = try glossary.render().render()
        #expect(html.components(separatedBy: "<tr id=").count == 3)
        #expect(html.contains("<tr id=\"learning-rate\">") && html.contains("<tr id=\"epoch-1\">"))
        #expect(html.contains("<span class=\"zh\" lang=\"zh\">学习率</span>"))
        #expect(html.contains("<a href=\"../gradient-descent/index.html#how-large-a-step\">Gradient descent</a>"))
        #expect(html.contains("Epoch &lt;1&gt;"))
    }

    @Test func problemsNameTheLine() throws {
        func message(_ body: String) -> String {
            do { _ = try Self.parse(body); return "no error" } catch { return String(describing: error) }
        }
        #expect(message("- term: A\n  meaning: a\n").hasPrefix("lesson.md:5:"))
        #expect(message("- term: A\n  meaning: a\n  where: b\n- term: a\n  meaning: c\n  where: d\n").contains("appears twice"))
        #expect(message("[]").contains("at least one entry"))
        #expect(message("- term: A\n  meaning: a\n  where: b\n  colour: red\n").contains("colour"))
    }
}
