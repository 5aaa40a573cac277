import Foundation
import Testing
@testable import StepwiseLessons

/// Lesson sources: front matter, directive blocks, and `file:line: message` errors.
@Suite struct LessonSourceTests {
    func loadError(_ text: String, folder: String = "intro") throws -> String {
        let lessons = try makeLessonsFolder([folder: text])
        do {
            _ = try LessonSource.load(folder: lessons.appendingPathComponent(folder))
            return "no error"
        } catch {
            let file = lessons.appendingPathComponent("\(folder)/lesson.md").path
            return String(describing: error).replacingOccurrences(of: file, with: "lesson.md")
        }
    }

    @Test func readsFrontMatterAndBlocks() throws {
        let lessons = try makeLessonsFolder(["backprop": sampleLesson()])
        let source = try LessonSource.load(folder: lessons.appendingPathComponent("backprop"))
        #expect(source.id == "backprop" && source.title == "Backpropagation" && source.order == 1)
        #expect(source.specs.keys.sorted() == ["net"])
        let kinds = source.blocks.map { block -> String in
            switch block {
            case .markdown: return "markdown"
            case .directive(.figure): return "figure"
            case .directive(.walkthrough): return "walkthrough"
            case .directive(.table): return "table"
            case .directive(.stepper): return "stepper"
            case .directive(.summary): return "summary"
            case .directive(.exercise): return "exercise"
            case .directive(.tokens): return "tokens"
            case .directive(.outline): return "outline"
            case .directive(.glossary): return "glossary"
            }
        }
        #expect(kinds == ["markdown", "figure", "walkthrough", "markdown", "table", "stepper"])
    }

    @Test func brokenFrontMatter() throws {
        #expect(try loadError("no front matter") == "lesson.md:1: expected front matter between two \"---\" lines at the top")
        let unclosed = try loadError("---\ntitle: [unclosed\norder: 1\n---\n")
        // The parser notices the unclosed list on the next line, file line 3.
        #expect(unclosed.hasPrefix("lesson.md:3: malformed front matter:"), "\(unclosed)")
        #expect(try loadError("---\ntitle: A\n---\n") == "lesson.md:2: missing required field \"order\"")
        #expect(try loadError("---\ntitle: A\norder: 1\ncolour: red\n---\n")
                == "lesson.md:4: unknown field \"colour\" (expected one of: id, title, order, summary, specs)")
        #expect(try loadError("---\ntitle: A\norder: 1\nid: ../../etc\n---\n")
                == "lesson.md:4: id: lesson id \"../../etc\" must be lowercase letters, digits and dashes (it names the output folder)")
        #expect(try loadError("---\ntitle: A\norder: 1\nspecs: {net: ../specs/missing.yaml}\n---\n").contains("missing.yaml does not exist"))
    }

    @Test func badDirectives() throws {
        let header = "---\ntitle: A\norder: 1\nspecs: {net: ../specs/net.yaml}\n---\n"
        // Line 7 is the fence: the header has 5 lines, then a blank line.
        #expect(try loadError(header + "\n```stepwise-chart\nspec: net\n```\n")
                == "lesson.md:7: unknown directive \"stepwise-chart\" (expected one of: stepwise-figure, stepwise-walkthrough, stepwise-table, stepwise-stepper, stepwise-summary, stepwise-exercise, stepwise-tokens, stepwise-outline, stepwise-glossary)")
        #expect(try loadError(header + "\n```stepwise-figure\nspec: other\nfigure: network\ncaption: c\n```\n")
                == "lesson.md:8: spec: no spec named \"other\" in the front matter (it lists: net)")
        #expect(try loadError(header + "\n```stepwise-figure\nspec: net\nfigure: network\n```\n")
                == "lesson.md:8: missing required field \"caption\"")
        #expect(try loadError(header + "\n```stepwise-table\nspec: net\n") == "lesson.md:7: directive \"stepwise-table\" is not closed with ```")
        #expect(try loadError(header + "\n```stepwise-walkthrough\nspec: net\nshow: everything\n```\n")
                == "lesson.md:9: show: expected one of " + WalkthroughDirective.Show.allCases.map(\.rawValue).joined(separator: ", "))
        #expect(try loadError(header + "\n```stepwise-walkthrough\nspec: net\nshow: conv-cell\nlayer: conv\n```\n")
                == "lesson.md:8: show: conv-cell needs an index: [row, column] of the output")
        #expect(try loadError(header + "\n```stepwise-walkthrough\nspec: net\nshow: attention-row\nlayer: attention\nhead: 0\n```\n")
                == "lesson.md:11: head: expected a number from 1")
        #expect(try loadError(header + "\n```stepwise-summary\nspec: net\nstep: 2\n```\n")
                == "lesson.md:9: unknown field \"step\" (expected one of: spec, caption)")
    }
}
