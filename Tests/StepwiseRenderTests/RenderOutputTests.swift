import Foundation
import StepwiseRender
import StepwiseTesting
import StepwiseTrace
import Testing

/// Output bytes: determinism, provenance stamps, tolerance of the PNG comparison, text.
@Suite struct RenderOutputTests {
    static func sampleFigures() throws -> [Figure] {
        [
            try NetworkDiagram.figure(trace: EngineTraces.mazur),
            try Heatmap.figure(trace: EngineTraces.mazur, scope: "output/kernel"),
            try ComputationGraph.figure(trace: EngineTraces.neuron),
            try SequenceFigures.attention(trace: EngineTraces.attention, layer: "attn"),
            LineChart.activations(),
        ]
    }

    @Test func sameFigureTwiceInOneProcessGivesSameBytes() throws {
        for (first, second) in zip(try Self.sampleFigures(), try Self.sampleFigures()) {
            #expect(first == second)
            for format in OutputFormat.allCases {
                let a = try Renderer.render(first, as: format)
                let b = try Renderer.render(second, as: format)
                #expect(a == b, "\(first.kind) \(format)")
            }
        }
    }

    @Test func svgIdsAreRenumberedAndUnitsArePixels() throws {
        // Cairo's surface counter keeps growing in a process; the output must not show it.
        let figure = try Heatmap.figure(trace: EngineTraces.mazur, scope: "hidden/kernel")
        _ = try Renderer.render(figure, as: .svg)
        let svg = String(decoding: try Renderer.render(figure, as: .svg), as: UTF8.self)
        #expect(svg.contains("width=\"\(Int(figure.size.width))px\""))
        #expect(svg.contains("id=\"image1\""))
        #expect(svg.contains("id=\"glyph1\""))
        #expect(!svg.contains("surface2\"") || svg.contains("surface1"))
        #expect(svg.contains("<desc>\(figure.caption)</desc>"))
    }

    @Test func pngCarriesProvenanceAndDecodes() throws {
        let figure = try NetworkDiagram.figure(trace: EngineTraces.mazur)
        let png = try Renderer.render(figure, as: .png)
        let chunks = PNGCodec.textChunks(of: png)
        #expect(chunks["Software"] == "Stepwise \(StepwiseVersion.string)")
        #expect(chunks["Source"] == "model mazur-2-2-2, step 1, scopes hidden/kernel output/kernel")
        #expect(chunks["Description"] == figure.caption)
        #expect(chunks["Stepwise-Digest"] == figure.source.digest)
        #expect(figure.source.digest.hasPrefix("fnv1a64:") && figure.source.digest.count == 24)
        let image = try PNGCodec.decode(png)
        #expect(image.width == Int(figure.size.width) && image.height == Int(figure.size.height))
        // Top-left pixel is the white background.
        #expect(Array(image.pixels.prefix(4)) == [255, 255, 255, 255])
        let doubled = try PNGCodec.decode(try Renderer.render(figure, as: .png, options: RenderOptions(scale: 2)))
        #expect(doubled.width == 2 * image.width)
    }

    @Test func digestFollowsTheData() throws {
        let a = try Heatmap.figure(trace: EngineTraces.mazur, scope: "hidden/kernel")
        var options = HeatmapOptions()
        options.kind = .after
        let b = try Heatmap.figure(trace: EngineTraces.mazur, scope: "hidden/kernel", options: options)
        #expect(a.source.digest != b.source.digest)
        #expect(a.source.digest == (try Heatmap.figure(trace: EngineTraces.mazur, scope: "hidden/kernel")).source.digest)
    }

    @Test func pdfHasFixedDatesAndTitle() throws {
        let figure = LineChart.activations()
        let pdf = String(decoding: try Renderer.render(figure, as: .pdf), as: UTF8.self)
        #expect(pdf.hasPrefix("%PDF-"))
        #expect(pdf.contains("/CreationDate (20000101000000Z)"))
        #expect(pdf.contains("/Creator (Stepwise \(StepwiseVersion.string))"))
    }

    @Test func oneChangedPixelPassesAMovedLabelFails() throws {
        let figure = try Heatmap.figure(trace: EngineTraces.mazur, scope: "hidden/kernel")
        let original = try PNGCodec.decode(try Renderer.render(figure, as: .png))
        var onePixel = original
        onePixel.pixels[(40 * original.width + 40) * 4] ^= 0xff
        let small = ImageComparison.compare(expected: original, actual: onePixel)
        #expect(small.differingPixels == 1 && small.passes)
        #expect(!ImageComparison.compare(expected: original, actual: onePixel, tolerance: .exact).passes)

        // Move the subtitle ("training step 1 · 2×2 values · trace: …") 3 px to the right.
        var moved = figure
        let index = try #require(moved.elements.firstIndex { if case .text(let t) = $0 { return t.markup.hasPrefix("training step 1 · 2×2 values") } else { return false } })
        guard case .text(var item) = moved.elements[index] else { Issue.record("not text"); return }
        item.position.x += 3
        moved.elements[index] = .text(item)
        let movedImage = try PNGCodec.decode(try Renderer.render(moved, as: .png))
        let result = ImageComparison.compare(expected: original, actual: movedImage)
        #expect(!result.passes, "\(result.summary)")
        // And the SVG comparison notices too.
        let reason = try ImageComparison.difference(expected: try Renderer.render(figure, as: .svg), actual: try Renderer.render(moved, as: .svg), format: .svg)
        #expect(reason != nil)
        // Rounding noise in SVG numbers does not count.
        let svg = String(decoding: try Renderer.render(figure, as: .svg), as: UTF8.self)
        let noisy = svg.replacingOccurrences(of: "x=\"16\"", with: "x=\"16.01\"")
        #expect(svg != noisy)
        #expect(try ImageComparison.difference(expected: Data(svg.utf8), actual: Data(noisy.utf8), format: .svg) == nil)
    }

    @Test func sizeMismatchFailsAndDiffImageMarksPixels() throws {
        let a = RGBAImage(width: 4, height: 3, fill: (255, 255, 255, 255))
        var b = a
        b.pixels[0] = 0
        let diff = ImageComparison.diffImage(expected: a, actual: b)
        #expect(Array(diff.pixels.prefix(3)) == [255, 0, 255])
        #expect(!ImageComparison.compare(expected: a, actual: RGBAImage(width: 3, height: 3, fill: (255, 255, 255, 255))).passes)
        // The RGBA encoder round-trips.
        #expect(try PNGCodec.decode(try PNGCodec.encode(diff)) == diff)
    }

    @Test func corruptPNGIsAnErrorNotACrash() {
        #expect(throws: RenderError.self) { try PNGCodec.decode(Data("not a png".utf8)) }
        var truncated = try! Renderer.render(LineChart.activations(), as: .png)
        truncated = truncated.prefix(200)
        #expect(throws: RenderError.self) { try PNGCodec.decode(truncated) }
    }

    /// Subscripts, superscripts, Greek, math symbols and CJK through Pango.
    @Test func textSpecimen() throws {
        var builder = FigureBuilder()
        let top = builder.title("Text: W<sub>1</sub>, ∂L/∂w, σ, ŷ")
        let samples = ["W<sub>1</sub> · x<sup>2</sup> · e<sup>−x</sup>", "∂L/∂w<sub>ij</sub> = δ<sub>j</sub> · a<sub>i</sub>",
                       "σ(z) = 1 / (1 + e<sup>−z</sup>)", "ŷ = softmax(Wx + b)", "学习率 η = 0.5（中文）", "<b>bold</b> and <i>italic</i>"]
        for (index, sample) in samples.enumerated() {
            builder.text(sample, at: Point(Style.margin, top + 8 + Double(index) * 22), vertical: .top, size: Style.labelSize)
        }
        let figure = builder.figure(kind: "text", size: Size(320, top + 8 + 22 * Double(samples.count) + Style.margin),
                                    title: "Text specimen", caption: "Text specimen: subscripts, superscripts, Greek letters, math symbols and Chinese.",
                                    source: ("specimen", nil, []))
        // CJK glyphs come from the fallback font: each is about one em wide, not a narrow box.
        let cjk = TextMeasurer.pango.width("学习率", size: 12)
        #expect(cjk > 30 && cjk < 40)
        assertFigureGolden(figure, named: "specimen")
    }
}
