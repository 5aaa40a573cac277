import Foundation
import StepwiseTrace
import Testing

/// `stepwise trace` end to end, through the built binary.
@Suite struct TraceCommandTests {
    @Test func tracesToStandardOutput() throws {
        let result = try StepwiseBinary.run(["trace", StepwiseBinary.fixture("two-two-two.yaml")])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let trace = try TraceReader.read(result.stdoutData, file: "stdout")
        #expect(trace.model == "two-two-two")
        #expect(trace.steps.count == 1)
        // Matt Mazur's published total error for this network.
        #expect(Swift.abs(trace.steps[0].loss - 0.298371109) < 1e-9)
        #expect(trace.steps[0].op(scope: "hidden/matmul")?.op == "matmul")
    }

    @Test func outFileAndResolvedSpecReproduceTheTrace() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let first = folder.appendingPathComponent("first.json").path
        let resolved = folder.appendingPathComponent("resolved.json").path
        let second = folder.appendingPathComponent("second.json").path
        let run1 = try StepwiseBinary.run(["trace", StepwiseBinary.fixture("xor.yaml"), "--out", first, "--resolved-spec", resolved])
        #expect(run1.status == 0 && run1.stdout.isEmpty)
        // The resolved spec carries every weight; tracing it gives the same bytes.
        let run2 = try StepwiseBinary.run(["trace", resolved, "--out", second])
        #expect(run2.status == 0)
        let firstBytes = try Data(contentsOf: URL(fileURLWithPath: first))
        #expect(firstBytes == (try Data(contentsOf: URL(fileURLWithPath: second))))
        let resolvedText = try String(contentsOfFile: resolved, encoding: .utf8)
        #expect(resolvedText.contains("\"kernel\""))
        #expect(try TraceReader.read(firstBytes, file: first).steps.count == 5)
        // No temporary files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["first.json", "resolved.json", "second.json"])
    }

    @Test func stepsEveryAndRecordLevel() throws {
        let result = try StepwiseBinary.run(["trace", StepwiseBinary.fixture("xor.yaml"), "--steps", "10", "--every", "4", "--record", "summary"])
        #expect(result.status == 0)
        let trace = try TraceReader.read(result.stdoutData, file: "stdout")
        #expect(trace.steps.map(\.step) == [1, 4, 8, 10])
        #expect(trace.steps.allSatisfy { $0.ops.isEmpty && $0.outputs.isEmpty && $0.params.count == 4 })
    }

    @Test func badSpecGivesOneLineAndWritesNothing() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let out = folder.appendingPathComponent("trace.json").path
        let spec = StepwiseBinary.fixture("bad-kernel.json")
        let result = try StepwiseBinary.run(["trace", spec, "--out", out, "--resolved-spec", folder.appendingPathComponent("r.json").path])
        #expect(result.status == 1)
        #expect(result.stderr == "stepwise: \(spec): layers[0].weights.kernel: expected shape [2, 3], found [3, 2]\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func missingSpecAndUnwritableOutput() throws {
        let missing = try StepwiseBinary.run(["trace", "/nonexistent/spec.yaml"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "stepwise: /nonexistent/spec.yaml: cannot be read as UTF-8 text\n")
        let unwritable = try StepwiseBinary.run(["trace", StepwiseBinary.fixture("xor.yaml"), "--out", "/nonexistent/folder/t.json"])
        #expect(unwritable.status == 1)
        #expect(unwritable.stderr == "stepwise: /nonexistent/folder/t.json: cannot write: folder /nonexistent/folder does not exist\n")
    }

    @Test func divergingRunWritesTheTraceAndNamesTheOp() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let out = folder.appendingPathComponent("trace.json").path
        let result = try StepwiseBinary.run(["trace", StepwiseBinary.fixture("diverge.yaml"), "--out", out, "--every", "100"])
        #expect(result.status == 3)
        let trace = try TraceReader.read(contentsOf: URL(fileURLWithPath: out))
        let last = try #require(trace.steps.last)
        #expect(trace.steps.first?.step == 1)
        #expect(result.stderr.contains("step \(last.step): first non-finite value in"))
        #expect(result.stderr.hasSuffix("(trace written up to and including step \(last.step))\n"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func tracesAnLSTMThroughTime() throws {
        let result = try StepwiseBinary.run(["trace", StepwiseBinary.fixture("small-lstm.yaml")])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let trace = try TraceReader.read(result.stdoutData, file: "stdout")
        #expect(trace.steps.count == 2)
        let forget = try #require(trace.steps[0].op(scope: "lstm/t2/forget_gate"))
        #expect(forget.op == "sigmoid")
        #expect(forget.value.shape == [3, 3])
        #expect(forget.grad?.shape == [3, 3])
        #expect(forget.grad?.data.contains { $0 != 0 } == true)
        #expect(trace.steps[0].op(scope: "lstm/t4/hidden") != nil && trace.steps[0].op(scope: "lstm/t5/hidden") == nil)
        #expect(trace.steps[0].params["lstm/recurrent_kernel"]?.grad.shape == [3, 12])
    }

    @Test func helpAndVersion() throws {
        let help = try StepwiseBinary.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("trace") && help.stdout.contains("bench"))
        let traceHelp = try StepwiseBinary.run(["help", "trace"])
        #expect(traceHelp.stdout.contains("USAGE: stepwise trace <spec>"))
        #expect(traceHelp.stdout.contains("--resolved-spec"))
        let version = try StepwiseBinary.run(["--version"])
        #expect(version.stdout == "\(StepwiseVersion.string)\n")
        let badOption = try StepwiseBinary.run(["trace", StepwiseBinary.fixture("xor.yaml"), "--every", "0"])
        #expect(badOption.status != 0)
        #expect(badOption.stderr.contains("--every must be at least 1"))
    }
}

/// `stepwise bench` reports every case in the documented JSON shape.
@Suite struct BenchCommandTests {
    @Test func jsonResults() throws {
        let result = try StepwiseBinary.run(["bench", "--json", "--seconds", "0.02", StepwiseBinary.fixture("xor.yaml")])
        #expect(result.status == 0)
        struct Report: Decodable {
            struct Row: Decodable {
                let name: String
                let spec: String
                let ms_per_step: Double
                let traced: Bool
            }
            let results: [Row]
        }
        let report = try JSONDecoder().decode(Report.self, from: result.stdoutData)
        #expect(report.results.map(\.traced) == [false, true])
        #expect(report.results.allSatisfy { $0.name == "xor" && $0.ms_per_step > 0 })
    }
}

/// `stepwise bench --site` times the site build on a copy, leaving the lessons untouched.
@Suite struct SiteBenchTests {
    @Test func siteBuildTimings() throws {
        let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("lessons")
        let lessonFile = lessons.appendingPathComponent("forward-backward/lesson.md")
        let before = try Data(contentsOf: lessonFile)
        let result = try StepwiseBinary.run(["bench", "--json", "--site", lessons.path])
        #expect(result.status == 0, "\(result.stderr)")
        struct Report: Decodable {
            struct Row: Decodable {
                let name: String
                let ms_per_build: Double
            }
            let results: [Row]
        }
        let report = try JSONDecoder().decode(Report.self, from: result.stdoutData)
        #expect(report.results.map(\.name) == ["site-cold", "site-one-lesson-changed"])
        #expect(report.results.allSatisfy { $0.ms_per_build > 0 })
        #expect(try Data(contentsOf: lessonFile) == before)
    }
}
