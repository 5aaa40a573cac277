import Foundation
import SnapshotTesting
import StepwiseRender
import StepwiseTesting
import Testing

/// The golden harness itself: record modes and what a PNG failure leaves behind.
@Suite struct GoldenHarnessTests {
    @Test func recordModeFollowsTheEnvironment() {
        #expect(Goldens.recordMode(environment: [:]) == .missing)
        #expect(Goldens.recordMode(environment: ["STEPWISE_RECORD": "1"]) == .all)
        #expect(Goldens.recordMode(environment: ["CI": "true"]) == .never)
        #expect(Goldens.recordMode(environment: ["CI": "true", "STEPWISE_RECORD": "1"]) == .never)
    }

    @Test func pngFailureWritesExpectedActualAndDiff() throws {
        let folder = TemporaryFolder.path("stepwise-harness")
        let expected = try Renderer.render(try Heatmap.figure(trace: EngineTraces.mazur, scope: "hidden/kernel"), as: .png)
        var options = HeatmapOptions()
        options.kind = .after
        let actual = try Renderer.render(try Heatmap.figure(trace: EngineTraces.mazur, scope: "hidden/kernel", options: options), as: .png)
        let diffing = Diffing<Data>.png(artifacts: folder, name: "heatmap")
        #expect(diffing.diffV2(expected, expected) == nil)
        let (message, _) = try #require(diffing.diffV2(expected, actual))
        #expect(message.hasPrefix("PNG differs from its golden:"))
        for kind in ["expected", "actual", "diff"] {
            let path = folder.appendingPathComponent("heatmap.\(kind).png").path
            #expect(message.contains("\(kind): \(path)"))
            #expect(FileManager.default.fileExists(atPath: path))
        }
        // Same pixels in different bytes (another compression level) pass.
        let recompressed = try Renderer.render(try Heatmap.figure(trace: EngineTraces.mazur, scope: "hidden/kernel"), as: .png,
                                               options: RenderOptions(pngCompressionLevel: 9))
        #expect(recompressed != expected)
        #expect(diffing.diffV2(expected, recompressed) == nil)
    }
}
