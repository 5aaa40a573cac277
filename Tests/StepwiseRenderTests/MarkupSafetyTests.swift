import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import StepwiseRender
import StepwiseTrace
import Testing

/// Names that try to break out of SVG markup or PNG text: the SVG stays well-formed XML with the
/// name as text only, and every PNG text chunk carries the whole text.
@Suite struct MarkupSafetyTests {
    static let names = ["\"><script>alert(1)</script>", "<img src=x onerror=alert(2)>", "--->", "-->", "x-",
                        "a & b 'c'", "nul\u{0}one\u{1}", "line\nbreak"]

    static func figure(named name: String) -> Figure {
        var builder = FigureBuilder()
        let top = builder.title(Markup.escape(name))
        builder.text(Markup.escape(name), at: Point(Style.margin, top + 8), vertical: .top, size: Style.labelSize)
        return builder.figure(kind: "text", size: Size(200, top + 40), title: "Title \(name)", caption: "Caption \(name)",
                              source: (name, 1, ["\(name)/kernel"]))
    }

    /// The elements and comments of a parsed XML document, in order.
    final class Collector: NSObject, XMLParserDelegate {
        var elements: [String] = []
        var comments: [String] = []
        var text: [String: String] = [:]
        private var current: [String] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            elements.append(name)
            current.append(name)
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { current.removeLast() }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let element = current.last, ["title", "desc", "metadata"].contains(element) { text[element, default: ""] += string }
        }
        func parser(_ parser: XMLParser, foundComment comment: String) { comments.append(comment) }
    }

    @Test func svgStaysWellFormedWithTheNameAsText() throws {
        for name in Self.names {
            let figure = Self.figure(named: name)
            let svg = try Renderer.render(figure, as: .svg)
            let parser = XMLParser(data: svg)
            let collector = Collector()
            parser.delegate = collector
            #expect(parser.parse(), "\(name): \(parser.parserError.map { "\($0)" } ?? "")")
            #expect(!collector.elements.contains("script") && !collector.elements.contains("img"), "\(name)")
            #expect(collector.comments.isEmpty, "\(name)")
            let shown = name.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}").replacingOccurrences(of: "\u{1}", with: "\u{FFFD}")
            #expect(collector.text["title"] == "Title \(shown)")
            #expect(collector.text["metadata"] == "\(Renderer.software); \(Renderer.sourceLine(figure.source).replacingOccurrences(of: name, with: shown)); \(figure.source.digest)")
            // Each of the three provenance elements is one line, so golden comparison can skip the metadata.
            let text = String(decoding: svg, as: UTF8.self)
            #expect(text.split(separator: "\n").contains { $0.hasPrefix("<metadata>Stepwise ") && $0.hasSuffix("</metadata>") })
        }
    }

    @Test func pngTextChunksHoldTheWholeTextWithoutControls() throws {
        for name in Self.names {
            let figure = Self.figure(named: name)
            let chunks = PNGCodec.textChunks(of: try Renderer.render(figure, as: .png))
            let shown = name.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}").replacingOccurrences(of: "\u{1}", with: "\u{FFFD}")
            #expect(chunks["Title"] == "Title \(shown)")
            #expect(chunks["Description"] == "Caption \(shown)")
            #expect(chunks["Stepwise-Digest"] == figure.source.digest)
        }
    }

    @Test func goldenComparisonSkipsTheMetadataLine() throws {
        let figure = Self.figure(named: "m")
        let svg = String(decoding: try Renderer.render(figure, as: .svg), as: UTF8.self)
        let other = svg.replacingOccurrences(of: figure.source.digest, with: "fnv1a64:0000000000000000")
        #expect(svg != other)
        #expect(ImageComparison.normalizedSVG(svg) == ImageComparison.normalizedSVG(other))
    }
}
