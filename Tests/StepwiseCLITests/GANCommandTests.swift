import Foundation
import StepwiseTrace
import Testing

/// `stepwise trace`, `report` and `bench` on GAN specs, through the built binary.
@Suite struct GANCommandTests {
    @Test func tracesBothPhasesOfEveryKeptStep() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let out = folder.appendingPathComponent("gan.json").path
        let result = try StepwiseBinary.run(["trace", StepwiseBinary.fixture("ring-gan.yaml"), "--every", "2", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        let trace = try TraceReader.read(contentsOf: URL(fileURLWithPath: out))
        // Steps 1, 2, 4 and the last (5), each with two discriminator updates and a generator update.
        #expect(trace.steps.map(\.step) == [1, 2, 4, 5].flatMap { [$0, $0, $0] })
        #expect(trace.steps.map(\.phase) == Array(repeating: ["discriminator", "discriminator", "generator"], count: 4).flatMap { $0 })
        #expect(trace.steps.allSatisfy { !$0.ops.isEmpty })
        #expect(trace.architecture.networks?.map(\.layerCount) == [2, 2])
    }

    @Test func aDivergingGANKeepsItsTraceAndNamesThePhaseAndTheOp() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let out = folder.appendingPathComponent("gan.json").path
        let result = try StepwiseBinary.run(["trace", StepwiseBinary.fixture("gan-diverge.yaml"), "--every", "100", "--out", out])
        #expect(result.status == 3)
        let trace = try TraceReader.read(contentsOf: URL(fileURLWithPath: out))
        let last = try #require(trace.steps.last)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("step \(last.step), \(last.phase!) update: first non-finite value in the forward value of discriminator/"))
        #expect(result.stderr.hasSuffix("(trace written up to and including that update)\n"))
    }

    @Test func badGANInputIsOneLineAndWritesNothing() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let spec = folder.appendingPathComponent("bad.yaml")
        let text = try String(contentsOfFile: StepwiseBinary.fixture("ring-gan.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "latent_dim: 2", with: "latent_dim: 0")
        try text.write(to: spec, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("gan.json")
        let result = try StepwiseBinary.run(["trace", spec.path, "--out", out.path])
        #expect(result.status == 1)
        #expect(result.stderr == "stepwise: \(spec.path): latent_dim: expected a positive integer, found 0\n")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func reportRefusesAGANInOneLine() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let out = folder.appendingPathComponent("report")
        let result = try StepwiseBinary.run(["report", StepwiseBinary.fixture("ring-gan.yaml"), "--out", out.path])
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("a GAN spec has no report yet"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func benchTimesAGANStep() throws {
        let result = try StepwiseBinary.run(["bench", StepwiseBinary.fixture("ring-gan.yaml"), "--seconds", "0.05", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        struct Report: Decodable {
            struct Result: Decodable { let name: String; let traced: Bool?; let ms_per_step: Double? }
            let results: [Result]
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        #expect(report.results.map(\.name) == ["ring-gan", "ring-gan"])
        #expect(report.results.map(\.traced) == [false, true])
        #expect(report.results.allSatisfy { ($0.ms_per_step ?? 0) > 0 })
    }
}
