import Foundation
import StepwiseWords
import Testing
@testable import StepwiseLessons

/// Every walkthrough of the course, and every `show` kind, rendered in Chinese from the course's
/// own lessons and specs: its notes (`mtext`) and its label read as Chinese, with no English
/// word left (only symbols, names and the sentence's own tokens), and the same numbers, in the
/// same order, as the English walkthrough.
@Suite struct WalkthroughChineseTests {
    static let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("lessons")

    /// One lesson's walkthroughs (top level, inside steppers and the exercises' worked answers)
    /// and token tables, with a renderer that records what the lesson's directives ask for.
    struct Lesson {
        let renderer: LessonRenderer
        let walkthroughs: [WalkthroughDirective]
        let tokenTables: [TokensDirective]
        let plans: [String: RecordingPlan]

        init(_ id: String, library: TraceLibrary) throws {
            let source = try LessonSource.load(folder: WalkthroughChineseTests.lessons.appendingPathComponent(id))
            renderer = LessonRenderer(source: source, traces: library, figures: RecordingFigures(), writeFigure: { _, _ in })
            var walkthroughs: [WalkthroughDirective] = [], tokenTables: [TokensDirective] = []
            func visit(_ directive: Directive) {
                switch directive {
                case .walkthrough(let walkthrough): walkthroughs.append(walkthrough)
                case .stepper(let stepper): stepper.steps.flatMap(\.contents).forEach(visit)
                case .exercise(let exercise): if let worked = exercise.worked { walkthroughs.append(worked) }
                case .tokens(let tokens): tokenTables.append(tokens)
                default: break
                }
            }
            for case .directive(let directive) in source.blocks { visit(directive) }
            var plans: [String: RecordingPlan] = [:]
            for (name, options) in source.specOptions { plans[name] = RecordingPlan(every: options.every) }
            for walkthrough in walkthroughs { plans[walkthrough.source.spec, default: RecordingPlan()].opsSteps.insert(walkthrough.source.step) }
            self.walkthroughs = walkthroughs
            self.tokenTables = tokenTables
            self.plans = plans
        }

        /// The walkthrough's HTML in `edition`.
        func html(_ directive: WalkthroughDirective, _ edition: Edition) throws -> String {
            if directive.show.readsBertTrace { return try renderer.bertWalkthrough(directive, edition: edition).render() }
            let name = directive.source.spec
            var walkthrough = Walkthrough(directive: directive,
                                          traced: try renderer.traces.trace(of: renderer.source.specs[name]!, plan: plans[name] ?? RecordingPlan()))
            walkthrough.edition = edition
            return try walkthrough.render().render()
        }
    }

    /// The texts of every `tag` element of `html`.
    static func texts(_ tag: String, in html: String) -> [String] {
        html.matches(of: try! Regex("<\(tag)[^>]*>([^<]*)</\(tag)>")).map { String($0.output[1].substring ?? "") }
    }

    /// The aria-label of every formula.
    static func labels(in html: String) -> [String] {
        html.matches(of: /aria-label="([^"]*)"/).map { String($0.output.1) }
    }

    /// Checks one walkthrough's two editions; returns the Chinese HTML.
    @discardableResult
    static func check(_ lesson: Lesson, _ directive: WalkthroughDirective, allowing tokens: Set<String> = []) throws -> String {
        let name = "\(directive.source.file):\(directive.source.line) \(directive.show.rawValue)"
        let english = try lesson.html(directive, .en), chinese = try lesson.html(directive, .zh)
        #expect(texts("mn", in: chinese) == texts("mn", in: english), "\(name): the numbers differ")
        #expect(texts("mi", in: chinese) == texts("mi", in: english), "\(name): the symbols differ")
        let words = texts("mtext", in: chinese) + labels(in: chinese)
        for text in words {
            #expect(LatinWords.unexpected(in: text, allowing: tokens) == [], "\(name): \(text)")
        }
        for label in labels(in: chinese) { #expect(LatinWords.hasHan(label), "\(name): \(label)") }
        for text in texts("mtext", in: english) + labels(in: english) { #expect(!LatinWords.hasHan(text), "\(name): \(text)") }
        return chinese
    }

    /// The lessons whose walkthroughs read a trace of the engine (BERT's are below).
    static let engineLessons: [String] = try! FileManager.default.contentsOfDirectory(atPath: lessons.path).sorted().filter {
        $0 != "bert" && FileManager.default.fileExists(atPath: lessons.appendingPathComponent("\($0)/lesson.md").path)
    }

    @Test(arguments: engineLessons)
    func everyWalkthroughOfTheLessonSpeaksChinese(_ id: String) throws {
        let lesson = try Lesson(id, library: TraceLibrary())
        for directive in lesson.walkthroughs { try Self.check(lesson, directive) }
    }

    /// The kinds no lesson shows, from the specs their own tests read.
    @Test func theKindsNoLessonShowsSpeakChinese() throws {
        let library = TraceLibrary()
        for (id, body) in [("loss-functions", "spec: softmax\nshow: softmax\nlayer: output\nsample: 1\n"),
                           ("loss-functions", "spec: softmax\nshow: softmax-jacobian\nlayer: output\nsample: 1\n")] {
            let lesson = try Lesson(id, library: library)
            guard case .walkthrough(let directive) = try Directive.parse(kind: "walkthrough", body: body, file: "lesson.md", fenceLine: 1,
                                                                          specs: lesson.renderer.source.specs) else { throw CocoaError(.coderInvalidValue) }
            try Self.check(lesson, directive)
        }
    }

    @Test func everyShowKindIsChecked() throws {
        let library = TraceLibrary()
        var shown: Set<WalkthroughDirective.Show> = [.softmax, .softmaxJacobian]
        for id in Self.engineLessons + ["bert"] { shown.formUnion(try Lesson(id, library: library).walkthroughs.map(\.show)) }
        #expect(Set(WalkthroughDirective.Show.allCases).subtracting(shown) == [], "kinds no test renders in Chinese")
    }

    /// BERT's walkthroughs and token tables (the MiniLM checkpoint, as the BERT lesson's tests).
    @Test func bertWalkthroughsAndTokenTablesSpeakChinese() throws {
        let lesson = try Lesson("bert", library: TraceLibrary())
        for directive in lesson.walkthroughs {
            let tokens = try lesson.renderer.bertView(of: directive.source).tokens
            try Self.check(lesson, directive, allowing: Set(tokens.flatMap { LatinWords.words(in: $0) }))
        }
        #expect(!lesson.tokenTables.isEmpty)
        for table in lesson.tokenTables {
            let english = try lesson.renderer.tokenTable(table, edition: .en).render()
            let chinese = try lesson.renderer.tokenTable(table, edition: .zh).render()
            let data = Set(table.texts.flatMap { LatinWords.words(in: $0) } + Self.texts("code", in: chinese).flatMap { LatinWords.words(in: $0) })
            for text in Self.texts("th", in: chinese) + Self.texts("caption", in: chinese) {
                #expect(LatinWords.unexpected(in: text, allowing: data) == [], "\(text)")
                #expect(LatinWords.hasHan(text), "\(text)")
            }
            #expect(Self.texts("code", in: chinese) == Self.texts("code", in: english))
            #expect(Self.texts("td", in: chinese).last == Self.texts("td", in: english).last)
        }
    }
}
