import Foundation
import StepwiseRender
import StepwiseTrace
import StepwiseTesting
import Testing

/// `stepwise render`, `stepwise golden` and the rendering benchmarks, through the built binary.
@Suite struct RenderCommandTests {
    static func writeTrace(_ trace: Trace, in folder: URL, name: String = "trace.json") throws -> String {
        let url = folder.appendingPathComponent(name)
        try TraceJSON.makeEncoder().encode(trace).write(to: url)
        return url.path
    }

    @Test func twoProcessesGiveIdenticalBytes() throws {
        let folder = StepwiseExecutable.temporaryFolder()
        let trace = try Self.writeTrace(EngineTraces.mazur, in: folder)
        for ext in ["png", "svg", "pdf"] {
            var outputs: [Data] = []
            for run in 0..<2 {
                let out = folder.appendingPathComponent("net\(run).\(ext)").path
                let result = try StepwiseExecutable.run(["render", trace, "--figure", "network", "--numbers", "--highlight", "0,1,0", "--out", out])
                #expect(result.status == 0, "\(result.stderr)")
                outputs.append(try Data(contentsOf: URL(fileURLWithPath: out)))
            }
            #expect(outputs[0] == outputs[1], "\(ext)")
            #expect(outputs[0].count > 1000)
        }
    }

    @Test func everyKindRendersFromTheCommandLine() throws {
        let folder = StepwiseExecutable.temporaryFolder()
        let mazur = try Self.writeTrace(EngineTraces.mazur, in: folder, name: "mazur.json")
        let conv = try Self.writeTrace(EngineTraces.cnn, in: folder, name: "conv.json")
        let lstm = try Self.writeTrace(EngineTraces.lstm, in: folder, name: "lstm.json")
        let attention = try Self.writeTrace(EngineTraces.attention, in: folder, name: "attn.json")
        let xor = try Self.writeTrace(try EngineTraces.run(EngineTraces.xorSpec(optimizer: "{type: adam, learning_rate: 0.05}", steps: 30)).trace,
                                      in: folder, name: "xor.json")
        let cases: [[String]] = [
            [mazur, "--figure", "network", "--nodes", "gradient", "--edges", "update"],
            [mazur, "--figure", "graph", "--scope", "output"],
            [mazur, "--figure", "heatmap", "--scope", "hidden/kernel", "--value", "grad", "--numbers"],
            [conv, "--figure", "feature-maps"],
            [conv, "--figure", "pooling", "--channel", "2"],
            [lstm, "--figure", "lstm"],
            [attention, "--figure", "attention"],
            [attention, "--figure", "positional-encoding"],
            [xor, "--figure", "loss"],
            [xor, "--figure", "decision-boundary"],
            ["--figure", "activations"],
            ["--figure", "loss-functions"],
            [xor, "--figure", "compare-loss", "--with", mazur, "--log-y", "--y-max", "10"],
        ]
        for arguments in cases {
            let out = folder.appendingPathComponent("\(arguments.joined().hashValue & 0xffff).png").path
            let result = try StepwiseExecutable.run(["render"] + arguments + ["--out", out])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect((try? PNGCodec.decode(try Data(contentsOf: URL(fileURLWithPath: out)))) != nil, "\(arguments)")
        }
        // --with is for compare-loss only.
        let misuse = try StepwiseExecutable.run(["render", xor, "--figure", "loss", "--with", mazur])
        #expect(misuse.status != 0 && misuse.stderr.contains("--with is for --figure compare-loss"))
        // Without --out the SVG goes to standard output.
        let svg = try StepwiseExecutable.run(["render", mazur, "--figure", "loss"])
        #expect(svg.status == 0 && svg.stdout.hasPrefix("<?xml"))
    }

    @Test func listDescribesEveryKind() throws {
        let result = try StepwiseExecutable.run(["render", "--list"])
        #expect(result.status == 0)
        for kind in ["network", "graph", "heatmap", "feature-maps", "pooling", "lstm", "attention", "positional-encoding", "loss", "activations", "decision-boundary", "neuron-plane"] {
            #expect(result.stdout.contains("  \(kind) "), "\(kind)")
        }
    }

    @Test func errorsAreOneLineAndWriteNothing() throws {
        let folder = StepwiseExecutable.temporaryFolder()
        let trace = try Self.writeTrace(EngineTraces.mazur, in: folder)
        let out = folder.appendingPathComponent("x.png").path

        let unknown = try StepwiseExecutable.run(["render", trace, "--figure", "heatmapp", "--out", out])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("stepwise: unknown figure kind \"heatmapp\" (did you mean heatmap?); known kinds: network, graph,"))

        let scope = try StepwiseExecutable.run(["render", trace, "--figure", "heatmap", "--scope", "hidden/kernal", "--out", out])
        #expect(scope.status == 1)
        #expect(scope.stderr == "stepwise: \(trace): scope \"hidden/kernal\" is not in step 1 of mazur-2-2-2; nearest: hidden/kernel, hidden/bias, hidden/matmul\n")

        let layer = try StepwiseExecutable.run(["render", trace, "--figure", "lstm", "--scope", "hiden", "--out", out])
        #expect(layer.status == 1 && layer.stderr.contains("scope \"hiden/t1/cell\" is not in step 1"))

        let versioned = folder.appendingPathComponent("v2.json")
        let text = String(decoding: try TraceJSON.makeEncoder().encode(EngineTraces.mazur), as: UTF8.self).replacingOccurrences(of: "\"version\":1", with: "\"version\":2")
        try Data(text.utf8).write(to: versioned)
        let version = try StepwiseExecutable.run(["render", versioned.path, "--figure", "network", "--out", out])
        #expect(version.status == 1)
        #expect(version.stderr == "stepwise: \(versioned.path): version: expected 1, found 2\n")

        let unwritable = try StepwiseExecutable.run(["render", trace, "--figure", "network", "--out", "/nonexistent/folder/n.png"])
        #expect(unwritable.status == 1)
        #expect(unwritable.stderr == "stepwise: /nonexistent/folder/n.png: cannot write: folder /nonexistent/folder does not exist\n")

        let badExtension = try StepwiseExecutable.run(["render", trace, "--figure", "network", "--out", folder.appendingPathComponent("n.gif").path])
        #expect(badExtension.status == 1 && badExtension.stderr.contains("expected a .png, .svg or .pdf file name, found .gif"))

        for result in [unknown, scope, layer, version, unwritable, badExtension] {
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["trace.json", "v2.json"])
    }

    @Test func goldenCheckAndRecord() throws {
        let folder = StepwiseExecutable.temporaryFolder()
        let rendered = folder.appendingPathComponent("rendered")
        let goldens = folder.appendingPathComponent("goldens")
        try FileManager.default.createDirectory(at: rendered, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: goldens, withIntermediateDirectories: true)
        let figure = try Heatmap.figure(trace: EngineTraces.mazur, scope: "hidden/kernel")
        try Renderer.render(figure, as: .png).write(to: rendered.appendingPathComponent("h.png"))
        try Renderer.render(figure, as: .svg).write(to: rendered.appendingPathComponent("h.svg"))

        let missing = try StepwiseExecutable.run(["golden", "check", rendered.path, goldens.path])
        #expect(missing.status == 1 && missing.stdout.contains("missing  h.png: no golden"))
        let record = try StepwiseExecutable.run(["golden", "record", rendered.path, goldens.path])
        #expect(record.status == 0 && record.stdout == "recorded 2 goldens in \(goldens.path)\n")
        let check = try StepwiseExecutable.run(["golden", "check", rendered.path, goldens.path])
        #expect(check.status == 0 && check.stdout.contains("ok       h.png") && check.stdout.hasSuffix("2 passed, 0 failed\n"))

        // A different figure under the same name fails, naming the pixel count.
        var options = HeatmapOptions()
        options.kind = .grad
        try Renderer.render(try Heatmap.figure(trace: EngineTraces.mazur, scope: "hidden/kernel", options: options), as: .png)
            .write(to: rendered.appendingPathComponent("h.png"))
        let differs = try StepwiseExecutable.run(["golden", "check", rendered.path, goldens.path])
        #expect(differs.status == 1 && differs.stdout.contains("differs  h.png:") && differs.stdout.contains("differ"))
    }

    @Test func benchReportsRenderingCases() throws {
        let result = try StepwiseExecutable.run(["bench", "--render-only", "--json", "--seconds", "0.02"])
        #expect(result.status == 0, "\(result.stderr)")
        struct Report: Decodable {
            struct Row: Decodable {
                let name: String
                let ms_per_figure: Double
            }
            let results: [Row]
        }
        let report = try JSONDecoder().decode(Report.self, from: result.stdoutData)
        #expect(report.results.map(\.name) == ["heatmap-16x16-png", "heatmap-16x16-svg", "network-10-png"])
        #expect(report.results.allSatisfy { $0.ms_per_figure > 0 })
    }
}
