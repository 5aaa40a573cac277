import Foundation
import Plot
import StepwiseEngine
import StepwiseRender
import StepwiseTrace
import StepwiseWords
import Testing
@testable import StepwiseLessons

/// The course's own `stepwise-table`, `stepwise-summary` and `stepwise-exercise` blocks, read
/// from every `lesson.md` and rendered on the real runs of their specs in both editions: the
/// Chinese table or answer shows the English one's numbers (its ordinals too), and no English
/// word but the data it names (the spec's layer names, Keras's class names, a sentence's
/// tokens). The question is the author's Markdown (translated in `lesson.zh.md`) and the small
/// "trace: …" line names the trace as the tool does; both are left out.
@Suite struct ChineseTablesAndExercisesTests {
    /// One block of a lesson: its kind, its YAML body and the line of its opening fence.
    struct Block: CustomStringConvertible {
        let file: URL
        let kind: String
        let body: String
        let line: Int
        let specs: [String: URL]

        var description: String { "\(file.deletingLastPathComponent().lastPathComponent)/lesson.md:\(line)" }
    }

    /// The blocks of `kinds` in every lesson of the course, in order.
    static let blocks: [Block] = {
        let folder = CurriculumTests.lessons
        var blocks: [Block] = []
        for lesson in (try? FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()) ?? [] {
            let file = folder.appendingPathComponent(lesson).appendingPathComponent("lesson.md")
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            let lines = text.components(separatedBy: "\n")
            var index = 0
            var found: [(kind: String, body: String, line: Int)] = []
            while index < lines.count {
                let kind = String(lines[index].dropFirst("```stepwise-".count))
                if lines[index].hasPrefix("```stepwise-"), ["table", "summary", "exercise"].contains(kind) {
                    let start = index
                    index += 1
                    while index < lines.count && lines[index] != "```" { index += 1 }
                    found.append((kind, lines[(start + 1)..<index].joined(separator: "\n"), start + 1))
                }
                index += 1
            }
            guard !found.isEmpty else { continue }
            let specs = ExerciseTests.specFiles(text, folder: file.deletingLastPathComponent())
            blocks += found.map { Block(file: file, kind: $0.kind, body: $0.body, line: $0.line, specs: specs) }
        }
        return blocks
    }()

    static let library = TraceLibrary()

    /// The block rendered in `edition`, and the words its data may show in Latin letters.
    static func render(_ block: Block, _ edition: Edition) throws -> (html: String, data: Set<String>) {
        let directive = try Directive.parse(kind: block.kind, body: block.body, file: block.file.path, fenceLine: block.line, specs: block.specs)
        switch directive {
        case .table(let table):
            let traced = try library.trace(of: block.specs[table.source.spec]!, plan: RecordingPlan(opsSteps: [table.source.step]))
            return (try ValueTable(directive: table, traced: traced, edition: edition).render().render(), dataWords(traced.trace))
        case .summary(let summary):
            let traced = try library.trace(of: block.specs[summary.source.spec]!)
            let step = try traced.step(summary.source)
            let model = ModelSummary(model: traced.trace.model, architecture: traced.trace.architecture, parameterShapes: step.params.mapValues(\.before.shape))
            return (model.table(caption: ModelSummary.caption(model: traced.trace.model, edition: edition), edition: edition).render(),
                    dataWords(traced.trace))
        case .exercise(let exercise):
            let url = block.specs[exercise.source.spec]!
            let reader: any ExerciseReader
            var data: Set<String>
            if case .bert = try library.specFile(at: url) {
                let view = try BertTraceView(try library.bert.trace(of: url).trace)
                reader = BertExerciseReader(directive: exercise, view: view)
                data = Set(view.tokens.flatMap { LatinWords.words(in: $0) })
            } else {
                let steps = ([exercise.answer] + exercise.given.map(\.quantity)).compactMap(\.step)
                let traced = try library.trace(of: url, plan: RecordingPlan(opsSteps: Set(steps)))
                reader = TrainedExerciseReader(directive: exercise, traced: traced)
                data = dataWords(traced.trace)
            }
            let html = try Exercise(directive: exercise, reader: reader, number: 1, edition: edition).render(worked: nil, anchor: "exercise-1").render()
            return (html, data)
        default:
            preconditionFailure("not a table, summary or exercise")
        }
    }

    /// The words of the model's and layers' names (a GAN's `generator/hidden` too) and Keras's
    /// class names and `None`, which the model summary shows as Keras prints them.
    static func dataWords(_ trace: Trace) -> Set<String> {
        let names = [trace.model] + trace.architecture.layers.flatMap { [$0.name, ModelSummary.kerasClass($0.type)] }
        return Set(names.flatMap { LatinWords.words(in: $0) }).union(["None"])
    }

    /// What a reader reads of the block: without the question (the author's words) and the
    /// small "trace: …" line, markup and entities.
    static func readerText(_ html: String) -> String {
        var text = html
        for (open, close) in [(#"<div class="question">"#, "</div>"), (#"<span class="trace">"#, "</span>")] {
            while let start = text.range(of: open), let end = text.range(of: close, range: start.upperBound..<text.endIndex) {
                text.removeSubrange(start.lowerBound..<end.upperBound)
            }
        }
        return LatinWords.plainText(text)
    }

    /// Every number of `text` (not digits inside names such as `Conv2D`), sorted. An ordinal
    /// counts as its number in both languages: Chinese writes it with digits ("第 2 个隐藏层"),
    /// English with a word ("second hidden layer"), which counts as 2 here.
    static func numbers(_ text: String) -> [String] {
        let text = withOrdinalsAsDigits(text)
        let regex = try! NSRegularExpression(pattern: #"(?<![A-Za-z_\d.])[−-]?\d+(?:[.,]\d+)*"#)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range, in: text)!]) }.sorted()
    }

    /// English ordinal words, first to tenth, in order.
    static let ordinals = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]

    /// `text` with each English ordinal word ("second", "Second") replaced by its number ("2").
    static func withOrdinalsAsDigits(_ text: String) -> String {
        var text = text
        for (index, word) in ordinals.enumerated() {
            let regex = try! NSRegularExpression(pattern: "\\b\(word)\\b", options: .caseInsensitive)
            text = regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: String(index + 1))
        }
        return text
    }

    @Test func theCourseHasTablesSummariesAndExercises() {
        let kinds = Set(Self.blocks.map(\.kind))
        #expect(kinds == ["table", "summary", "exercise"])
        #expect(Self.blocks.filter { $0.kind == "exercise" }.count >= 12)
    }

    @Test(arguments: blocks)
    func aChineseBlockIsChineseWithTheEnglishNumbers(_ block: Block) throws {
        let english = Self.readerText(try Self.render(block, .en).html)
        let (html, data) = try Self.render(block, .zh)
        let chinese = Self.readerText(html)
        #expect(LatinWords.hasHan(chinese), "\(block)")
        #expect(LatinWords.unexpected(in: chinese, allowing: data) == [], "\(block): \(chinese)")
        #expect(Self.numbers(chinese) == Self.numbers(english), "\(block): \(chinese) | \(english)")
    }

    /// An English ordinal counts as the number a Chinese ordinal shows, so a Chinese ordinal
    /// with another number (or none) differs.
    @Test func ordinalsCountAsTheirNumbers() {
        #expect(Self.numbers("the parameters of the second hidden layer: 272") == ["2", "272"])
        #expect(Self.numbers("第 2 个隐藏层的参数数量：272") == ["2", "272"])
        #expect(Self.numbers("第 3 个隐藏层的参数数量：272") != Self.numbers("the parameters of the second hidden layer: 272"))
        #expect(Self.numbers("Values in training step 1, First hidden layer") == ["1", "1"])
        #expect(Self.numbers("secondary firstly") == [])
    }
}
