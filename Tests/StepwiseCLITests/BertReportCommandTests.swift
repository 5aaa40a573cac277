import Foundation
import StepwiseTrace
import Testing

/// `stepwise report` on a BERT spec, end to end through the built binary on the tiny checkpoint:
/// the page shows the tokens and the figures, the trace beside it reads back, bad input is
/// refused in one line with nothing written.
@Suite struct BertReportCommandTests {
    @Test func aFolderReportHasTheTokensTheFiguresAndTheTrace() throws {
        let (folder, spec) = try BERTCommandTests.scratchSpec()
        let out = folder.appendingPathComponent("report")
        let result = try StepwiseBinary.run(["report", spec, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("one forward pass, 5 figures"))
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("Report: hello-bert"))
        for token in ["[CLS]", "hello", "cute", "[SEP]"] { #expect(html.contains("<code>\(token)</code>")) }
        let figures = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("figures").path).sorted()
        #expect(figures == ["embedding-sum.png", "head-view-layer1.png", "head-view-layer2.png", "hidden-change.png", "model-view.png"])
        for figure in figures { #expect(html.contains("figures/\(figure)")) }
        let trace = try TraceReader.readForward(contentsOf: out.appendingPathComponent("trace.json"))
        #expect(trace.model == "hello-bert" && trace.steps.count == 1)
        #expect(html.contains("trace.json"))
    }

    @Test func aSingleFileReportEmbedsItsFiguresWithTheTraceBeside() throws {
        let (folder, spec) = try BERTCommandTests.scratchSpec()
        let out = folder.appendingPathComponent("bert.html")
        let result = try StepwiseBinary.run(["report", spec, "--single-file", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: out, encoding: .utf8)
        #expect(html.components(separatedBy: "data:image/png;base64,").count == 6)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("bert.trace.json").path))
    }

    @Test func badInputIsRefusedInOneLineWithNothingWritten() throws {
        let (folder, spec) = try BERTCommandTests.scratchSpec()
        let out = folder.appendingPathComponent("report")
        let steps = try StepwiseBinary.run(["report", spec, "--steps", "2", "--out", out.path])
        #expect(steps.status == 1)
        #expect(steps.stderr == "stepwise: --steps: a BERT spec runs one forward step\n")
        // 12 words + [CLS] + [SEP] = 14 tokens, more than the tiny checkpoint's 12 positions.
        let (_, long) = try BERTCommandTests.scratchSpec(#""text": "my dog my dog my dog my dog my dog my dog""#)
        let tooLong = try StepwiseBinary.run(["report", long, "--out", out.path])
        #expect(tooLong.status == 1 && tooLong.stderr.split(separator: "\n").count == 1, "\(tooLong.stderr)")
        #expect(tooLong.stderr.contains("14 tokens") && tooLong.stderr.contains("12"))
        let file = folder.appendingPathComponent("taken")
        try Data("keep".utf8).write(to: file)
        let onFile = try StepwiseBinary.run(["report", spec, "--out", file.path])
        #expect(onFile.status == 1)
        #expect(onFile.stderr.contains("it is a file"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "keep")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
