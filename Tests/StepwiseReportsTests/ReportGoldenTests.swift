import Foundation
import SnapshotTesting
import StepwiseRender
import StepwiseReports
import StepwiseTesting
import StepwiseTrace
import Testing

/// Golden reports: the page as text (one tag a line, version left out) and the figures of the
/// first step and the charts through the figure golden harness (each PNG looked at before it
/// was committed). The figure files the report wrote are checked to be those figures.
@Suite struct ReportGoldenTests {
    /// Checks the page and the first step's figures and charts of the report of `fixture`.
    func checkGoldens(_ fixture: String, testName: String = #function, filePath: StaticString = #filePath, line: UInt = #line) throws {
        let (report, output) = try ReportFixtures.build(fixture)
        let html = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html == report.html)
        assertSnapshot(of: ReportFixtures.normalized(html), as: .lines, named: "page", record: Goldens.recordMode,
                       file: filePath, testName: testName, line: line)

        let trace = try TraceReader.read(contentsOf: output.appendingPathComponent("trace.json"))
        var figures: [(String, Figure)] = []
        for group in ReportFigurePlan().figures(trace: trace, step: trace.steps[0]) {
            for planned in group.figures { figures.append((planned.name, try planned.figure.get())) }
        }
        var metrics = TrainingMetrics(model: trace.model, architecture: trace.architecture)
        for step in trace.steps { metrics.add(step) }
        figures.append(("loss", metrics.lossChart()))
        if let accuracy = metrics.accuracyChart() { figures.append(("accuracy", accuracy)) }
        figures.append(("gradient-flow", metrics.gradientFlowChart()))
        for (name, figure) in figures {
            assertFigureGolden(figure, named: name, file: filePath, testName: testName, line: line)
            let written = try Data(contentsOf: output.appendingPathComponent("figures/\(name).png"))
            #expect(written == (try Renderer.render(figure, as: .png)), "figures/\(name).png is not the figure checked")
        }
    }

    /// A 2-2-1 XOR classifier, five shuffled mini-batch steps with momentum and L2: network
    /// diagrams, parameter updates, loss, accuracy and gradient flow.
    @Test func denseReport() throws {
        try checkGoldens("xor.yaml")
    }

    /// An LSTM(3) over 4 time steps and a linear unit, two steps: the unrolled gates, the dense
    /// layer's output matrices, parameter updates, loss and gradient flow.
    @Test func lstmReport() throws {
        try checkGoldens("small-lstm.yaml")
    }

    /// A small CNN (6×6×2 → conv 3×3 same relu → 2×2 max pooling → flatten → 2 softmax
    /// classes), three steps on 4 images: feature maps, pooling winners and routed gradient, the dense
    /// layer's output matrices, parameter updates, loss, accuracy and gradient flow.
    @Test func cnnReport() throws {
        try checkGoldens("small-cnn.yaml")
    }
}
