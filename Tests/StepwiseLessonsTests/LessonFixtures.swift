import Foundation
import StepwiseLessons
import StepwiseTesting
import StepwiseTrace

/// A stand-in for the renderer in builder tests: a valid 1×1 PNG and a tiny SVG whose bytes
/// name the request, so tests can see which figure was asked for without drawing anything.
struct RecordingFigures: FigureRendering {
    static let onePixelPNG = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")!

    func render(_ request: FigureRequest, of trace: Trace) throws -> RenderedFigure {
        if request.kind == "broken" { throw FigureError(message: "unknown figure kind \"broken\"") }
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>\(request.kind) step \(request.step) of \(trace.model)</text></svg>"
        return RenderedFigure(png: Self.onePixelPNG, svg: Data(svg.utf8), width: 1, height: 1, description: "A \(request.kind).", smallestText: nil)
    }

    func renderBert(_ request: FigureRequest, of traces: [ForwardTrace]) throws -> RenderedFigure {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>\(request.kind) of \(traces.map(\.model).joined(separator: ", "))</text></svg>"
        return RenderedFigure(png: Self.onePixelPNG, svg: Data(svg.utf8), width: 1, height: 1, description: "A \(request.kind).", smallestText: nil)
    }

    struct FigureError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}

/// A throwaway lessons folder with the given lessons (folder name → lesson.md text) and the
/// Mazur 2-2-2 spec as `specs/net.yaml`.
func makeLessonsFolder(_ lessons: [String: String]) throws -> URL {
    let root = TemporaryFolder.path("stepwise-lessons")
    let lessonsFolder = root.appendingPathComponent("lessons")
    try FileManager.default.createDirectory(at: lessonsFolder.appendingPathComponent("specs"), withIntermediateDirectories: true)
    try mazurSpec.write(to: lessonsFolder.appendingPathComponent("specs/net.yaml"), atomically: true, encoding: .utf8)
    for (folder, text) in lessons {
        try FileManager.default.createDirectory(at: lessonsFolder.appendingPathComponent(folder), withIntermediateDirectories: true)
        try text.write(to: lessonsFolder.appendingPathComponent("\(folder)/lesson.md"), atomically: true, encoding: .utf8)
    }
    return lessonsFolder
}

/// The repository's example spec: Matt Mazur's 2-2-2 network.
let mazurSpec = try! String(
    contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("lessons/examples/two-two-two.yaml"),
    encoding: .utf8)

/// A lesson using every directive.
func sampleLesson(title: String = "Backpropagation", order: Int = 1, extra: String = "") -> String {
    """
    ---
    title: \(title)
    order: \(order)
    summary: One example, every number.
    specs:
      net: ../specs/net.yaml
    ---
    Some *prose*.

    ## The forward pass

    ```stepwise-figure
    spec: net
    figure: network
    caption: The network after one step.
    ```

    ```stepwise-walkthrough
    spec: net
    show: chain-rule
    layer: output
    unit: 0
    input: 0
    digits: 9
    ```

    ## Numbers

    ```stepwise-table
    spec: net
    params: [output/bias]
    scopes: [hidden/activation]
    ```

    ```stepwise-stepper
    title: Backward, step by step
    steps:
      - title: Output error
        text: The loss first.
        walkthrough: {spec: net, show: loss, digits: 9}
      - title: One update
        walkthrough: {spec: net, show: update, param: output/kernel, index: [1, 0], digits: 9}
    ```
    \(extra)
    """
}
