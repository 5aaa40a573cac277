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

    @Test func theResolvedSpecOfAGANReproducesItsTrace() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let first = folder.appendingPathComponent("first.json").path
        let second = folder.appendingPathComponent("second.json").path
        let resolved = folder.appendingPathComponent("resolved.json").path
        let run1 = try StepwiseBinary.run(["trace", StepwiseBinary.fixture("ring-gan.yaml"), "--out", first, "--resolved-spec", resolved])
        #expect(run1.status == 0, "\(run1.stderr)")
        // Every weight of both networks, both optimizers and the real samples are written out;
        // tracing the written spec gives the same bytes.
        let document = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: resolved))) as? [String: Any])
        #expect(document["kind"] as? String == "gan")
        #expect((document["train"] as? [String: Any])?["discriminator_steps"] as? Int == 2)
        #expect(document["generator_optimizer"] != nil && document["discriminator_optimizer"] != nil)
        for network in ["generator", "discriminator"] {
            let layers = try #require((document[network] as? [String: Any])?["layers"] as? [[String: Any]])
            #expect(layers.count == 2 && layers.allSatisfy { ($0["weights"] as? [String: Any])?["kernel"] != nil })
        }
        let run2 = try StepwiseBinary.run(["trace", resolved, "--out", second])
        #expect(run2.status == 0, "\(run2.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
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

    @Test func reportOfAGANShowsBothNetworksLossesFieldsHistogramsAndMap() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let out = folder.appendingPathComponent("report")
        let result = try StepwiseBinary.run(["report", StepwiseBinary.fixture("ring-gan.yaml"), "--every", "2", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let figures = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("figures").path).sorted()
        #expect(figures == ["discriminator-outputs.png", "field-1.png", "field-2.png", "generator-map.png", "losses.png"])
        let page = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        for words in ["The generator, as Keras", "The discriminator, as Keras", "Step 1: D(x) over the plane", "Step 5: D(x) over the plane",
                      "stepwise trace", "--every 2"] {
            #expect(page.contains(words), "the report says \(words)")
        }
        // The trace beside it is the one stepwise trace writes for the same settings.
        let direct = folder.appendingPathComponent("direct.json")
        _ = try StepwiseBinary.run(["trace", StepwiseBinary.fixture("ring-gan.yaml"), "--steps", "5", "--every", "2", "--out", direct.path])
        #expect(try Data(contentsOf: out.appendingPathComponent("trace.json")) == Data(contentsOf: direct))
        #expect(result.stderr.contains("3 recorded steps") == false && result.stderr.contains("4 recorded steps"))
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
