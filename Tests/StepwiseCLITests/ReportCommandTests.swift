import Foundation
import StepwiseTrace
import Testing

/// `stepwise report` end to end, through the built binary: every error case of `stepwise trace`,
/// the trace beside the report, the example specs, and the pages in headless Chromium.
@Suite struct ReportCommandTests {
    /// Runs Tools/check_site.py on `folder`: (exit status, output).
    func checkSite(_ folder: URL) throws -> (status: Int32, output: String) {
        try RepositoryTool.run("check_site.py", [folder.path])
    }

    @Test func badSpecGivesTheSameLineAsTraceAndWritesNothing() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let spec = StepwiseBinary.fixture("bad-kernel.json")
        for extra in [[], ["--single-file"]] {
            let out = folder.appendingPathComponent(extra.isEmpty ? "report" : "report.html").path
            let result = try StepwiseBinary.run(["report", spec, "--out", out] + extra)
            #expect(result.status == 1)
            #expect(result.stderr == "stepwise: \(spec): layers[0].weights.kernel: expected shape [2, 3], found [3, 2]\n")
        }
        let missing = try StepwiseBinary.run(["report", "/nonexistent/spec.yaml", "--out", folder.appendingPathComponent("r").path])
        #expect(missing.status == 1)
        #expect(missing.stderr == "stepwise: /nonexistent/spec.yaml: cannot be read as UTF-8 text\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func unwritableOutputIsOneLine() throws {
        let folder = try StepwiseBinary.run(["report", StepwiseBinary.fixture("xor.yaml"), "--out", "/nonexistent/folder/report"])
        #expect(folder.status == 1)
        #expect(folder.stderr == "stepwise: /nonexistent/folder/report: cannot write: folder /nonexistent/folder does not exist\n")
        let file = try StepwiseBinary.run(["report", StepwiseBinary.fixture("xor.yaml"), "--single-file", "--out", "/nonexistent/folder/r.html"])
        #expect(file.status == 1)
        #expect(file.stderr == "stepwise: /nonexistent/folder/r.html: cannot write: folder /nonexistent/folder does not exist\n")
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent"))
        // A report replaces its output whole, so it never takes the place of something else.
        let root = StepwiseBinary.temporaryFolder()
        let notes = root.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: notes.appendingPathComponent("todo.txt"))
        let other = try StepwiseBinary.run(["report", StepwiseBinary.fixture("xor.yaml"), "--out", notes.path])
        #expect(other.status == 1)
        #expect(other.stderr.hasPrefix("stepwise: \(notes.path): cannot write: the folder is not a report"))
        let aFile = try StepwiseBinary.run(["report", StepwiseBinary.fixture("xor.yaml"), "--out", notes.appendingPathComponent("todo.txt").path])
        #expect(aFile.status == 1 && aFile.stderr.contains("cannot write: it is a file"))
        let aFolder = try StepwiseBinary.run(["report", StepwiseBinary.fixture("xor.yaml"), "--single-file", "--out", notes.path])
        #expect(aFolder.status == 1 && aFolder.stderr.contains("cannot write: it is a folder"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: notes.path) == ["todo.txt"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["notes"])
    }

    @Test func divergingRunStillGetsItsReportAndExitsThree() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let out = folder.appendingPathComponent("report")
        let result = try StepwiseBinary.run(["report", StepwiseBinary.fixture("diverge.yaml"), "--out", out.path])
        #expect(result.status == 3)
        let last = try #require(result.stderr.split(separator: "\n").last)
        #expect(last.hasPrefix("stepwise: \(StepwiseBinary.fixture("diverge.yaml")): step 2: first non-finite value in "))
        #expect(last.hasSuffix("(report written up to and including step 2)"))
        let trace = try TraceReader.read(contentsOf: out.appendingPathComponent("trace.json"))
        #expect(trace.steps.map(\.step) == [1, 2])
        let page = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(page.contains("The run diverged."))
        #expect(page.contains("In training step 2 the first non-finite value (NaN or infinity) appeared in the forward value of (ŷ − t)², squared error (trace: loss/squared_error)."))
        #expect(page.contains("2 / 2 · training step 2"))
        #expect(!page.contains("not drawn"))
    }

    @Test func theTraceBesideTheReportIsTheOneTraceWrites() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let out = folder.appendingPathComponent("report")
        let spec = StepwiseBinary.fixture("xor.yaml")
        let report = try StepwiseBinary.run(["report", spec, "--steps", "10", "--every", "4", "--out", out.path])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.isEmpty)
        #expect(report.stderr.contains("step 10 of 10") && report.stderr.contains("wrote \(out.path)/index.html and trace.json: 4 recorded steps"))
        let page = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        let command = "stepwise trace \(spec) --steps 10 --every 4 --out \(out.path)/trace.json"
        #expect(page.contains(command))
        #expect(page.contains("stepwise report \(spec) --steps 10 --every 4 --out \(out.path)"))
        let traced = folder.appendingPathComponent("traced.json")
        let trace = try StepwiseBinary.run(["trace", spec, "--steps", "10", "--every", "4", "--out", traced.path])
        #expect(trace.status == 0)
        #expect(try Data(contentsOf: traced) == Data(contentsOf: out.appendingPathComponent("trace.json")))
        #expect(try TraceReader.read(contentsOf: traced).steps.map(\.step) == [1, 4, 8, 10])
    }

    /// Every example spec of the course, as a folder and as a single file (the stacked LSTM has
    /// 50-unit layers, so its figures are sampled); every page passes the headless-Chromium check.
    @Test func everyExampleSpecAndTheSiteChecker() throws {
        let site = StepwiseBinary.temporaryFolder()
        let examples = RepositoryTool.repository.appendingPathComponent("lessons/examples")
        let specs = try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(specs.contains("two-two-two.yaml") && specs.contains("stacked-lstm.yaml"))
        for name in specs {
            let stem = String(name.dropLast(5))
            let spec = examples.appendingPathComponent(name).path
            let folder = try StepwiseBinary.run(["report", spec, "--out", site.appendingPathComponent(stem).path])
            #expect(folder.status == 0, "\(name): \(folder.stderr)")
            let page = try String(contentsOf: site.appendingPathComponent("\(stem)/index.html"), encoding: .utf8)
            #expect(!page.contains("not drawn"), "\(name) has a figure that was not drawn")
            let single = try StepwiseBinary.run(["report", spec, "--single-file", "--out", site.appendingPathComponent("\(stem).html").path])
            #expect(single.status == 0, "\(name): \(single.stderr)")
        }
        let lstm = try String(contentsOf: site.appendingPathComponent("stacked-lstm/index.html"), encoding: .utf8)
        #expect(lstm.contains("Gates and states over time, and the gradient through time. Shown: example 1 of 8, units 1–16 of 50."))
        let result = try checkSite(site)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.hasSuffix("\(specs.count * 2) passed, 0 failed\n"))
    }

    @Test func helpAndValidation() throws {
        let help = try StepwiseBinary.run(["help", "report"])
        #expect(help.stdout.contains("USAGE: stepwise report <spec>"))
        #expect(help.stdout.contains("--single-file") && help.stdout.contains("--every") && help.stdout.contains("--steps"))
        let every = try StepwiseBinary.run(["report", StepwiseBinary.fixture("xor.yaml"), "--every", "0"])
        #expect(every.status != 0 && every.stderr.contains("--every must be at least 1"))
        let steps = try StepwiseBinary.run(["report", StepwiseBinary.fixture("xor.yaml"), "--steps", "0"])
        #expect(steps.status != 0 && steps.stderr.contains("--steps: expected at least 1 step"))
    }
}
