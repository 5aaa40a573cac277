import Foundation
import StepwiseEngine
import StepwiseTrace
import Testing
import Yams
@testable import StepwiseLessons

/// `stepwise-exercise`: every answer on the built course is the number the trace holds — read
/// here independently of the lesson builder: the test finds the exercise blocks in each
/// `lesson.md` itself, runs each spec through the engine, picks the value the block names, and
/// compares it with the number inside the page's `<details>`; bad fields stop the build with
/// one `file:line: message` line.
@Suite struct ExerciseTests {
    static let lessons = CurriculumTests.lessons

    /// The lessons that end with exercises.
    static let exercised = ["neurons", "loss-functions", "forward-backward", "xor", "gradient-descent", "overfitting",
                            "convolution", "cnn", "lstm", "attention", "bert", "gan"]

    // MARK: Reading the lesson file and the page without the builder

    /// The YAML bodies of the file's ```` ```stepwise-exercise ```` blocks, in order.
    static func exerciseBlocks(_ text: String) -> [[String: Any]] {
        var blocks: [[String: Any]] = []
        var body: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if body == nil, line == "```stepwise-exercise" { body = []; continue }
            if body != nil, line == "```" {
                blocks.append(try! Yams.load(yaml: body!.joined(separator: "\n")) as! [String: Any])
                body = nil
                continue
            }
            body?.append(line)
        }
        return blocks
    }

    /// The front matter's spec files by name (an entry is a path or `{file: path, …}`).
    static func specFiles(_ text: String, folder: URL) -> [String: URL] {
        let frontMatter = text.components(separatedBy: "\n---\n")[0].dropFirst(4)
        let root = try! Yams.load(yaml: String(frontMatter)) as! [String: Any]
        let specs = root["specs"] as! [String: Any]
        return specs.mapValues { entry in
            let path = (entry as? String) ?? ((entry as! [String: Any])["file"] as! String)
            return folder.appendingPathComponent(path).standardizedFileURL
        }
    }

    /// The texts of the page's answers (`<strong class="answer-value">`) and questions, in order.
    static func answers(in page: String) -> [(answer: String, question: String)] {
        page.components(separatedBy: #"<section class="exercise""#).dropFirst().map { section in
            let answer = section.components(separatedBy: #"<strong class="answer-value">"#)[1].prefix { $0 != "<" }
            let question = section.components(separatedBy: #"<div class="question">"#)[1].components(separatedBy: "</div>")[0]
            return (String(answer), question)
        }
    }

    /// A number as the page writes it: "−0.0412", "4.1 × 10⁻⁵", "1,234".
    static func parse(_ text: String) -> Double? {
        let superscripts: [Character: Character] = ["⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-"]
        var plain = text.replacingOccurrences(of: "−", with: "-").replacingOccurrences(of: ",", with: "")
        if let times = plain.range(of: " × 10") {
            let exponent = String(plain[times.upperBound...].map { superscripts[$0] ?? $0 })
            plain = String(plain[..<times.lowerBound]) + "e" + exponent
        }
        return Double(plain)
    }

    /// Every number written in a question's text.
    static func numbers(in html: String) -> [Double] {
        let text = html.replacingOccurrences(of: #"<[^>]*>"#, with: " ", options: .regularExpression)
        let regex = try! NSRegularExpression(pattern: #"−?[0-9][0-9,]*(\.[0-9]+)?( × 10[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?"#)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            parse(String(text[Range($0.range, in: text)!]))
        }
    }

    /// True when `shown` is `value` rounded to `digits` significant digits.
    static func agrees(_ shown: Double, _ value: Double, digits: Int) -> Bool {
        if value == 0 { return shown == 0 }
        let tolerance = 0.51 * pow(10, floor(log10(Swift.abs(value))) - Double(digits - 1))
        return Swift.abs(shown - value) <= tolerance
    }

    // MARK: The trace, computed here

    /// Each spec's run, every op of the steps asked for kept: a model spec's steps, a GAN
    /// spec's updates of one phase (the step's last), a BERT spec's one forward pass.
    final class Runs {
        private var cache: [String: (spec: ModelSpec?, steps: [Int: TraceStep])] = [:]
        private var forward: [URL: ForwardTraceStep] = [:]

        func run(_ url: URL, steps wanted: Set<Int>, phase: String? = nil) throws -> (spec: ModelSpec?, steps: [Int: TraceStep]) {
            let key = url.path + " " + wanted.sorted().map(String.init).joined(separator: ",") + " " + (phase ?? "")
            if let cached = cache[key] { return cached }
            var steps: [Int: TraceStep] = [:]
            let levels = { (step: Int) in wanted.contains(step) ? RecordLevel.ops : nil }
            var spec: ModelSpec?
            switch try SpecFile.load(contentsOf: url) {
            case .model(let model):
                spec = model
                var run = model.makeRun()
                run.run(levels: levels) { steps[$0.trace.step] = $0.trace }
            case .gan(let gan):
                var run = gan.makeRun()
                run.run(levels: levels) { if $0.trace.phase == phase { steps[$0.trace.step] = $0.trace } }
            case .bert:
                Issue.record("\(url.lastPathComponent) is a BERT spec: read it with bert(_:)")
            }
            cache[key] = (spec, steps)
            return (spec, steps)
        }

        /// A BERT spec's forward pass, every op kept, from the checkpoint it names.
        func bert(_ url: URL) throws -> ForwardTraceStep {
            if let cached = forward[url] { return cached }
            let spec = try BertSpec.load(contentsOf: url)
            let run = try BertRun(checkpoint: try BertCheckpoint(folder: spec.checkpoint, shownAs: spec.checkpointShown), text: spec.text, file: spec.file)
            let step = run.traceStep(record: .ops).step
            forward[url] = step
            return step
        }
    }

    /// The value a quantity of an exercise block names (`step` is the block's).
    static func value(of quantity: Any, step: Int, phase: String? = nil, spec url: URL, runs: Runs) throws -> Double {
        if let word = quantity as? String {
            let of: Any = word == "parameters" ? "total" : step
            return try value(of: [word: of], step: step, phase: phase, spec: url, runs: runs)
        }
        let fields = quantity as! [String: Any]
        let index = (fields["index"] as? [Int]) ?? []
        func flat(_ shape: [Int]) -> Int { zip(index, shape).reduce(0) { $0 * $1.1 + $1.0 } }
        if case .bert = try SpecFile.load(contentsOf: url) {
            let forward = try runs.bert(url)
            let scope = fields["scope"] as! String
            let value = try #require(forward.op(scope: scope)?.value ?? forward.outputs[scope], "\(scope)")
            return value.data[flat(value.shape)]
        }
        if let name = fields["param"] as? String {
            let at = (fields["step"] as? Int) ?? step
            let param = try runs.run(url, steps: [at], phase: phase).steps[at]!.params[name]!
            switch (fields["of"] as? String) ?? "before" {
            case "grad": return param.grad.data[flat(param.grad.shape)]
            case "after": return param.after.data[flat(param.after.shape)]
            default: return param.before.data[flat(param.before.shape)]
            }
        }
        if let scope = fields["scope"] as? String {
            let at = (fields["step"] as? Int) ?? step
            let record = try runs.run(url, steps: [at], phase: phase).steps[at]!.ops.first { $0.scope == scope }!
            return (fields["of"] as? String) == "grad" ? record.grad!.data[flat(record.grad!.shape)] : record.value.data[flat(record.value.shape)]
        }
        if let at = fields["loss"] as? Int { return try runs.run(url, steps: [at], phase: phase).steps[at]!.loss }
        if let at = fields["accuracy"] as? Int {
            let (model, steps) = try runs.run(url, steps: [at])
            let spec = try #require(model)
            let after = steps[at]!.params.mapValues { Tensor(shape: $0.after.shape, data: $0.after.data) }
            return spec.makeModel().replacingParameters(after).accuracy(inputs: spec.dataset.inputs, targets: spec.dataset.targets)!
        }
        let layer = fields["parameters"] as! String
        let params = try runs.run(url, steps: [1]).steps[1]!.params
        return Double(params.filter { layer == "total" || $0.key.hasPrefix(layer + "/") }.values.map { $0.before.data.count }.reduce(0, +))
    }

    // MARK: Tests

    @Test func everyAnswerOnTheCourseIsTheTracesNumber() throws {
        let runs = Runs()
        var checked = 0
        for id in Self.exercised {
            let folder = Self.lessons.appendingPathComponent(id)
            let text = try String(contentsOf: folder.appendingPathComponent("lesson.md"), encoding: .utf8)
            let blocks = Self.exerciseBlocks(text)
            let specs = Self.specFiles(text, folder: folder)
            let page = try CurriculumTests.page(id)
            let shown = Self.answers(in: page)
            #expect((3...4).contains(blocks.count), "\(id): \(blocks.count) exercises")
            #expect(shown.count == blocks.count, "\(id): the page shows \(shown.count) answers for \(blocks.count) exercises")
            for (number, (block, page)) in zip(blocks, shown).enumerated() {
                let url = specs[block["spec"] as! String]!
                let step = (block["step"] as? Int) ?? 1
                let digits = (block["digits"] as? Int) ?? 6
                let phase = block["phase"] as? String
                let expected = try Self.value(of: block["answer"]!, step: step, phase: phase, spec: url, runs: runs)
                let answer = try #require(Self.parse(page.answer), "\(id) exercise \(number + 1): \(page.answer)")
                #expect(expected.isFinite && Self.agrees(answer, expected, digits: digits),
                        "\(id) exercise \(number + 1): the page says \(page.answer), the trace \(expected)")
                for (name, quantity) in (block["given"] as? [String: Any]) ?? [:] {
                    let given = try Self.value(of: quantity, step: step, phase: phase, spec: url, runs: runs)
                    #expect(Self.numbers(in: page.question).contains { Self.agrees($0, given, digits: digits) },
                            "\(id) exercise \(number + 1): the question does not show \(name) = \(given)")
                    #expect(!page.question.contains("{\(name)}"))
                }
                checked += 1
            }
        }
        #expect(checked >= 37)
    }

    /// The answer sits in a `<details>` element, which opens without JavaScript; the print
    /// stylesheet shows its content (and drops the "Show the answer" handle).
    @Test func answersFoldWithoutScriptAndPrintOpen() throws {
        let page = try CurriculumTests.page("forward-backward")
        #expect(page.contains(#"<details class="answer"><summary>Show the answer</summary><p class="answer">Answer: "#))
        // Where a browser cannot open the content for print (no ::details-content), the handle stays.
        let print = SiteAssets.stylesheet.components(separatedBy: "@media print").dropFirst().joined()
        #expect(print.contains("@supports selector(::details-content) { details.answer::details-content { content-visibility: visible; display: block; }"
                               + " details.answer > summary { display: none; } }"))
        #expect(VisibleWordsTests.leaks(in: page) == [])
    }

    func buildError(_ exercise: String) throws -> String {
        let lesson = sampleLesson(extra: "\n## Exercises\n\n```stepwise-exercise\nspec: net\n" + exercise + "\n```\n")
        let lessons = try makeLessonsFolder(["drill": lesson])
        let output = lessons.deletingLastPathComponent().appendingPathComponent("output")
        do {
            _ = try SiteBuilder(options: .init(lessons: lessons, output: output, clean: false, jobs: 1), figures: RecordingFigures()).build()
            return "no error"
        } catch {
            let message = String(describing: error).replacingOccurrences(of: lessons.appendingPathComponent("drill/lesson.md").path, with: "lesson.md")
            #expect(!message.contains("\n"))
            #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("drill/index.html").path))
            return message
        }
    }

    @Test func aWrongFieldIsOneLineNamingTheFileAndLine() throws {
        // `at(1)` is the block's first line (spec: net), where directive-wide problems are reported;
        // the fence stands three lines below the sample lesson's end.
        let fence = sampleLesson().split(separator: "\n", omittingEmptySubsequences: false).count + 3
        let at = { (line: Int) in "lesson.md:\(fence + line): " }
        #expect(try buildError("question: Why?\nanswer: {param: output/kernel, index: [0, 0], of: gradient}")
                == at(3) + "answer.of: expected one of before, grad, after")
        #expect(try buildError("question: Why?\nanswer: {param: output/kernel, index: [2, 0]}")
                == at(1) + "index [2, 0] is outside output/kernel's shape [2, 2] (one number per axis, from 0)")
        #expect(try buildError("question: Why?\nanswer: {param: output/kernal, index: [0, 0]}")
                == at(1) + "the trace of \"net\" has no parameter \"output/kernal\" (it has: hidden/bias, hidden/kernel, output/bias, output/kernel)")
        #expect(try buildError("question: Why?\nanswer: {scope: output/bias_ad, index: [0, 0], of: grad}")
                .hasPrefix(at(1) + "the trace of \"net\" has no scope \"output/bias_ad\""))
        #expect(try buildError("question: Is w {w}?\nanswer: loss") == at(2) + "question: {w} names no value under given (it lists: none)")
        #expect(try buildError("question: Why?\nanswer: losses")
                == at(3) + "answer: expected one of loss, accuracy, parameters, or an object with param, scope, loss, accuracy or parameters")
        #expect(try buildError("question: Why?\nanswer: {loss: 1, scope: output/activation}") == at(3) + "answer: name one quantity, not scope and loss")
        #expect(try buildError("question: Why?\nanswer: {loss: 2}") == at(1) + "spec \"net\" has no step 2 (it runs 1)")
        #expect(try buildError("question: Why?\nanswer: accuracy") == at(1) + "an accuracy needs a classification loss; spec \"net\" uses mse")
        #expect(try buildError("question: Why?\nanswer: loss\nhint: none")
                == at(4) + "unknown field \"hint\" (expected one of: spec, step, question, given, answer, worked, digits, phase)")
        #expect(try buildError("answer: loss") == at(1) + "missing required field \"question\"")
        #expect(try buildError("question: Why?\nanswer: loss\nphase: both") == at(4) + "phase: expected discriminator or generator")
        #expect(try buildError("question: Why?\nanswer: loss\nphase: generator")
                == at(1) + "phase is for GAN specs (kind: gan); spec \"net\" is a single model")
        #expect(try buildError("question: Why?\nanswer: loss\nworked: {show: chain-rule, layer: output, unit: 5}")
                == at(4) + "layer \"output\" has units 0..<2; unit 5 does not exist")
    }

    /// With `every: K`, a lesson keeps steps 1, K, 2K, … and the last: an exercise naming another
    /// step would add a point to the spec's loss charts, so it is refused.
    @Test func anExerciseReadsOnlyKeptSteps() throws {
        let lesson = """
            ---
            title: Five steps
            order: 1
            specs:
              net: {file: ../specs/five.yaml, every: 2}
            ---
            ```stepwise-exercise
            spec: net
            step: 4
            question: Loss?
            answer: {loss: 3}
            ```
            """
        let lessons = try makeLessonsFolder(["five": lesson])
        try (mazurSpec + "\ntrain: {steps: 5}\n").write(to: lessons.appendingPathComponent("specs/five.yaml"), atomically: true, encoding: .utf8)
        let output = lessons.deletingLastPathComponent().appendingPathComponent("output")
        #expect {
            _ = try SiteBuilder(options: .init(lessons: lessons, output: output, clean: false, jobs: 1), figures: RecordingFigures()).build()
        } throws: { error in
            String(describing: error) == lessons.appendingPathComponent("five/lesson.md").path
                + ":8: step 3 of \"net\" is not kept (its front-matter entry says every: 2): name step 1, 5, or a multiple of 2"
        }
    }

    /// A GAN step holds two updates: an exercise names the one it reads with `phase`, and its
    /// answer is that update's number, as the engine's own GAN run records it.
    @Test func aGANExerciseReadsThePhaseItNames() throws {
        func lesson(_ exercise: String) -> String {
            "---\ntitle: GAN\norder: 1\nspecs:\n  gan: ../specs/tiny.yaml\n---\n```stepwise-exercise\nspec: gan\nquestion: Which?\n\(exercise)\n```\n"
        }
        let tiny = Self.lessons.appendingPathComponent("gan/tiny.yaml")
        func build(_ exercise: String) throws -> String {
            let lessons = try makeLessonsFolder(["gan": lesson(exercise)])
            try FileManager.default.copyItem(at: tiny, to: lessons.appendingPathComponent("specs/tiny.yaml"))
            let output = lessons.deletingLastPathComponent().appendingPathComponent("output")
            do {
                _ = try SiteBuilder(options: .init(lessons: lessons, output: output, clean: false, jobs: 1), figures: RecordingFigures()).build()
            } catch {
                return String(describing: error).replacingOccurrences(of: lessons.appendingPathComponent("gan/lesson.md").path, with: "lesson.md")
            }
            return try String(contentsOf: output.appendingPathComponent("gan/index.html"), encoding: .utf8)
        }
        #expect(try build("answer: {param: generator/sample/kernel, index: [0, 1], of: grad}")
                == "lesson.md:8: an exercise on a GAN spec needs phase: discriminator or generator")
        #expect(try build("answer: accuracy\nphase: generator") == "lesson.md:8: accuracy is a classifier's; spec \"gan\" is a GAN")
        #expect(try build("answer: loss\nphase: both") == "lesson.md:11: phase: expected discriminator or generator")
        guard case .gan(let spec) = try SpecFile.load(contentsOf: tiny) else { Issue.record("tiny.yaml is not a GAN spec"); return }
        var run = spec.makeRun()
        var updates: [TraceStep] = []
        run.run(record: .ops) { updates.append($0.trace) }
        let generator = try #require(updates.last { $0.phase == "generator" })
        let discriminator = try #require(updates.last { $0.phase == "discriminator" })
        let generatorPage = try build("answer: {param: generator/sample/kernel, index: [0, 1], of: grad}\nphase: generator\ndigits: 9")
        #expect(Self.answers(in: generatorPage).map(\.answer) == [NumberFormat.format(generator.params["generator/sample/kernel"]!.grad.data[1], digits: 9)])
        let lossPage = try build("answer: loss\nphase: discriminator")
        #expect(Self.answers(in: lossPage).map(\.answer) == [NumberFormat.format(discriminator.loss, digits: 6)])
        // Both networks' parameters: the generator's 1 × 2 kernel and bias of 2, the
        // discriminator's 2 × 2 + 2 and 2 × 1 + 1.
        #expect(Self.answers(in: try build("answer: parameters\nphase: generator")).map(\.answer) == ["13"])
        #expect(Self.answers(in: try build("answer: {parameters: generator}\nphase: generator")).map(\.answer) == ["4"])
    }

    @Test func aGoodExerciseReadsEachKindOfQuantity() throws {
        let exercises = """
            question: With w = {w} and ∂L/∂w = {g}?
            given: {w: {param: output/kernel, index: [1, 0]}, g: {param: output/kernel, index: [1, 0], of: grad}}
            answer: {param: output/kernel, index: [1, 0], of: after}
            worked: {show: chain-rule, layer: output, input: 1, unit: 0}
            digits: 9
            ```

            ```stepwise-exercise
            spec: net
            question: How many?
            answer: parameters
            ```

            ```stepwise-exercise
            spec: net
            question: And in the hidden layer, of its net input's gradient?
            answer: {scope: hidden/bias_add, index: [0, 1], of: grad}
            """
        let lessons = try makeLessonsFolder(["drill": sampleLesson(extra: "\n```stepwise-exercise\nspec: net\n" + exercises + "\n```\n")])
        let output = lessons.deletingLastPathComponent().appendingPathComponent("output")
        _ = try SiteBuilder(options: .init(lessons: lessons, output: output, clean: false, jobs: 1), figures: RecordingFigures()).build()
        let page = try String(contentsOf: output.appendingPathComponent("drill/index.html"), encoding: .utf8)
        let shown = Self.answers(in: page)
        try #require(shown.count == 3)
        // w₆ starts at 0.45 (the spec's weight) and moves by η = 0.5 times its gradient.
        let trace = try Runs().run(lessons.appendingPathComponent("specs/net.yaml"), steps: [1]).steps[1]!
        let kernel = trace.params["output/kernel"]!
        #expect(shown[0].answer == NumberFormat.format(kernel.after.data[2], digits: 9))
        #expect(Self.agrees(Self.parse(shown[0].answer)!, 0.45 - 0.5 * kernel.grad.data[2], digits: 9))
        #expect(Self.numbers(in: shown[0].question).count == 2)
        #expect(shown[1].answer == "12")
        #expect(Self.agrees(Self.parse(shown[2].answer)!, trace.op(scope: "hidden/bias_add")!.grad!.data[1], digits: 6))
        #expect(page.contains(#"<div class="walkthrough"><math display="block" aria-label="Chain rule for w, weight from hidden neuron 2 to output neuron 1">"#))
        #expect(page.contains(#"<span class="trace">trace: net · step 1 · hidden/bias_add[0, 1] · grad</span>"#))
        #expect(VisibleWordsTests.leaks(in: page) == [])
    }
}
