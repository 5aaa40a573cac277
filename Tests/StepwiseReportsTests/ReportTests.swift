import Foundation
import StepwiseEngine
import StepwiseLessons
import StepwiseRender
@testable import StepwiseReports
import StepwiseTrace
import Testing

/// What a report holds, how it samples big layers and long runs, and how it is written.
@Suite struct ReportTests {
    @Test func figureStepsAreEvenlySpacedWithTheFirstAndTheLast() {
        #expect(ReportBuilder.evenlySpaced([1, 2, 3], count: 12) == [1, 2, 3])
        #expect(ReportBuilder.evenlySpaced(Array(1...100), count: 5) == [1, 26, 51, 75, 100])
        #expect(ReportBuilder.evenlySpaced([1, 10, 20, 25], count: 1) == [1])
        // A long run recorded every 5 steps: figures for 12 of its 21 recorded steps.
        let (report, _) = try! ReportFixtures.build("xor.yaml", steps: 100, every: 5)
        #expect(report.recordedSteps == [1] + stride(from: 5, through: 100, by: 5).map { $0 })
        #expect(report.figureSteps.count == 12 && report.figureSteps.first == 1 && report.figureSteps.last == 100)
        #expect(report.html.contains("Figures for 12 of the 21 recorded steps"))
        #expect(report.html.contains("12 / 12 · training step 100"))
    }

    @Test func accuracyFromOutputsAndTargets() {
        // Binary: outputs on the target's side of 0.5.
        #expect(Accuracy.of(prediction: [0.9, 0.2, 0.6, 0.4], targets: [1, 0, 0, 0], classes: 1, binary: true) == 0.75)
        // Categorical: the largest output is the target class; ties go to the first index.
        #expect(Accuracy.of(prediction: [0.1, 0.7, 0.2, 0.5, 0.5, 0], targets: [0, 1, 0, 0, 1, 0], classes: 3, binary: false) == 0.5)
    }

    @Test func modelSummaryAsKerasListsIt() throws {
        let spec = try ReportFixtures.spec("small-attention.yaml")
        var run = spec.makeRun()
        var first: TraceStep?
        run.run(record: .summary) { if first == nil { first = $0.trace } }
        let summary = ModelSummary(model: spec.name, architecture: run.trainer.model.architecture(optimizer: "adam"),
                                   parameterShapes: first!.params.mapValues(\.before.shape))
        // Keras: MultiHeadAttention(2 heads, key_dim 2) on 4 features has 4·4·3 + 4·3 + 4·4 + 4 = 80
        // parameters, LayerNormalization 8, Dense(1) 5.
        #expect(summary.rows.map(\.layer) == ["pos (PositionalEncoding)", "attn (MultiHeadAttention)", "norm (LayerNormalization)", "output (Dense)"])
        #expect(summary.rows.map(\.outputShape) == ["(None, 5, 4)", "(None, 5, 4)", "(None, 5, 4)", "(None, 5, 1)"])
        #expect(summary.rows.map(\.parameters) == [0, 80, 8, 5])
        #expect(summary.totalParameters == 93)
        #expect(ModelSummary.count(1234567) == "1,234,567" && ModelSummary.count(12) == "12")
        #expect(ModelSummary.memory(parameters: 12) == "96.00 B" && ModelSummary.memory(parameters: 150) == "1.17 KB")
    }

    @Test func bigLayersAreSampledAndSaySo() throws {
        // Attention with two heads drawn one at most; the LSTM of the stacked example (50 units).
        var plan = ReportFigurePlan()
        plan.maxHeads = 1
        let (attention, _) = try ReportFixtures.build("small-attention.yaml", plan: plan)
        #expect(attention.html.contains("Attention weights per head, with Q, K and V. Shown: example 1 of 2, head 1 of 2."))
        #expect(attention.html.contains("pos: the positional-encoding table added to the input."))
        #expect(!attention.html.contains("not drawn"))

        let (wide, _) = try ReportFixtures.build("wide-classifier.yaml")
        // 20 inputs: no network diagram; the 100-unit layer's output and update are cut.
        #expect(!wide.html.contains("network-activations"))
        #expect(wide.html.contains("Output and its gradient. Shown: examples 1–16 of 24, units 1–64 of 100."))
        #expect(wide.html.contains("Shown: kernel: columns 1–64 of 100; bias: 100 values in rows of 25."))
        #expect(wide.html.contains("Accuracy on each step"))
        #expect(!wide.html.contains("not drawn"))
    }

    @Test func singleFileEmbedsEveryFigureAndWritesTheTraceBeside() throws {
        let root = ReportFixtures.temporaryFolder()
        let (report, output) = try ReportFixtures.build("small-lstm.yaml", singleFile: true, in: root)
        #expect(output.lastPathComponent == "report.html")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["report.html", "report.trace.json"])
        let html = try String(contentsOf: output, encoding: .utf8)
        #expect(html == report.html)
        #expect(html.components(separatedBy: "src=\"data:image/png;base64,").count - 1 == report.figureCount)
        #expect(!html.contains("src=\"figures/") && !html.contains("rel=\"stylesheet\"") && !html.contains("@font-face"))
        // The site's stylesheet, inlined without the math font (a report has no MathML).
        #expect(html.contains("<style>" + SiteAssets.stylesheet.split(separator: "\n").dropFirst().joined(separator: "\n")))
        #expect(!html.contains("<math"))
        #expect(html.contains("<a href=\"report.trace.json\">report.trace.json</a>"))
        #expect(html.contains("stepwise trace small-lstm.yaml --steps 2 --every 1 --out report.trace.json"))
        let trace = try TraceReader.read(contentsOf: root.appendingPathComponent("report.trace.json"))
        #expect(trace.steps.map(\.step) == report.recordedSteps)
    }

    @Test func theSameSpecGivesTheSameBytes() throws {
        let root = ReportFixtures.temporaryFolder()
        let first = root.appendingPathComponent("a")
        let second = root.appendingPathComponent("b")
        try FileManager.default.createDirectory(at: first, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: second, withIntermediateDirectories: true)
        _ = try ReportFixtures.build("small-attention.yaml", in: first)
        _ = try ReportFixtures.build("small-attention.yaml", in: second)
        let files = try FileManager.default.subpathsOfDirectory(atPath: first.appendingPathComponent("report").path).sorted()
        #expect(files.contains("index.html") && files.contains("trace.json") && files.contains("figures/loss.png"))
        #expect(try FileManager.default.subpathsOfDirectory(atPath: second.appendingPathComponent("report").path).sorted() == files)
        for file in files where !file.hasSuffix("figures") {
            let a = try Data(contentsOf: first.appendingPathComponent("report/\(file)"))
            let b = try Data(contentsOf: second.appendingPathComponent("report/\(file)"))
            #expect(a == b, "\(file) differs")
        }
    }

    @Test func aReportReplacesTheOldOneWholeAndAFailedWriteLeavesIt() throws {
        let root = ReportFixtures.temporaryFolder()
        let (_, output) = try ReportFixtures.build("xor.yaml", in: root)
        try Data("old".utf8).write(to: output.appendingPathComponent("stale.txt"))
        _ = try ReportFixtures.build("small-lstm.yaml", in: root)
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("stale.txt").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["report"])
        // Files written together: an error before the end leaves the old ones and no leftovers.
        let page = root.appendingPathComponent("page.html")
        try Data("before".utf8).write(to: page)
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try StagedOutput.files(at: [root.appendingPathComponent("page.trace.json"), page]) { temporaries in
                try Data("new trace".utf8).write(to: temporaries[0])
                throw Stop()
            }
        }
        #expect(try String(contentsOf: page, encoding: .utf8) == "before")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["page.html", "report"])
    }

    @Test func commandsOnThePageAreQuotedForTheShell() throws {
        let spec = try ReportFixtures.spec("xor.yaml")
        let request = ReportRequest(spec: spec, specPath: "my specs/xor's.yaml", outPath: "out/x.html", steps: 3, every: 2, singleFile: true)
        #expect(request.reportCommand == "stepwise report 'my specs/xor'\\''s.yaml' --steps 3 --every 2 --single-file --out out/x.html")
        #expect(request.traceCommand == "stepwise trace 'my specs/xor'\\''s.yaml' --steps 3 --every 2 --out out/x.trace.json")
        #expect(ReportRequest(spec: spec, specPath: "xor.yaml", outPath: "xor-report").traceCommand
                == "stepwise trace xor.yaml --steps 5 --every 1 --out xor-report/trace.json")
    }
}
