import CCairo
import Foundation
import StepwiseMarkup
import StepwiseTrace

/// An output format, chosen from a file extension.
public enum OutputFormat: String, CaseIterable, Sendable {
    case png, svg, pdf

    /// `png`, `svg` or `pdf` (any case); nil for anything else.
    public init?(pathExtension: String) {
        self.init(rawValue: pathExtension.lowercased())
    }
}

public struct RenderOptions: Sendable {
    /// Pixels per figure unit in PNG output (2 for high-density screens).
    public var scale: Double
    /// zlib level for PNG (0–9). 3 by default: measured here on figures, about 35 % faster
    /// than level 6 for files 10–15 % larger.
    public var pngCompressionLevel: Int

    public init(scale: Double = 1, pngCompressionLevel: Int = 3) {
        self.scale = scale
        self.pngCompressionLevel = pngCompressionLevel
    }
}

/// Turns a laid-out `Figure` into PNG, SVG or PDF bytes. The same figure gives the same bytes
/// in any process. Writing files is the caller's job (the CLI writes them atomically).
///
/// Provenance stamped into every output:
/// - PNG text chunks: `Software` (`Stepwise <version>`), `Title`, `Description` (the caption),
///   `Source` (model, step, scopes), `Stepwise-Digest` (the figure's `Digest`, FNV-1a 64 of every
///   number and label drawn). ASCII texts are tEXt chunks, others uncompressed iTXt; control
///   characters other than line feed (which PNG text may not hold, and a NUL would cut) become U+FFFD.
/// - PDF metadata: title, subject (the caption; control characters become U+FFFD), creator (`Stepwise <version>`), and fixed
///   creation and modification dates (2000-01-01T00:00:00Z).
/// - SVG: `<title>` and `<desc>` (caption) elements, and software, source and digest in a
///   `<metadata>` element, each on one line and escaped by `MarkupEscaping` (never in a comment,
///   which a name containing `-->` could end). Numbers are rounded to two decimals (1/100 px)
///   and Cairo's ids renumbered in order of appearance.
public enum Renderer {
    public static func render(_ figure: Figure, as format: OutputFormat, options: RenderOptions = RenderOptions()) throws -> Data {
        let scale = format == .png ? options.scale : 1
        if let excess = CanvasLimits.excess(width: (figure.size.width * scale).rounded(.up), height: (figure.size.height * scale).rounded(.up)) {
            throw RenderError.invalidInput("the \(figure.kind) figure would be \(excess)")
        }
        switch format {
        case .png: return try png(figure, options: options)
        case .svg: return try svg(figure)
        case .pdf: return try pdf(figure)
        }
    }

    /// The `Software` stamp.
    public static var software: String { "Stepwise \(StepwiseVersion.string)" }

    /// The `Source` stamp: `model two-two-two, step 1, scopes hidden/kernel`.
    public static func sourceLine(_ source: FigureSource) -> String {
        var parts = ["model \(source.model)"]
        if let step = source.step { parts.append("step \(step)") }
        if !source.scopes.isEmpty { parts.append("scopes \(source.scopes.joined(separator: " "))") }
        return parts.joined(separator: ", ")
    }

    static func png(_ figure: Figure, options: RenderOptions) throws -> Data {
        let width = max(1, Int((figure.size.width * options.scale).rounded(.up)))
        let height = max(1, Int((figure.size.height * options.scale).rounded(.up)))
        let surface = try CairoSurface.image(width: width, height: height)
        do {
            let context = try CairoContext(surface)
            if options.scale != 1 { cairo_scale(context.pointer, options.scale, options.scale) }
            try Painter(context: context).paint(figure)
        }
        let (pixels, w, h, stride) = try surface.imageData()
        let texts: [(key: String, text: String)] = [
            ("Software", software),
            ("Title", figure.title),
            ("Description", figure.caption),
            ("Source", sourceLine(figure.source)),
            ("Stepwise-Digest", figure.source.digest),
        ].map { ($0, MarkupEscaping.replacingControls(in: $1, keeping: ["\n"])) }
        return try PNGCodec.encodeRGB24(pixels: pixels, width: w, height: h, stride: stride, texts: texts,
                                        level: options.pngCompressionLevel)
    }

    static func svg(_ figure: Figure) throws -> Data {
        let surface = try CairoSurface.svg(width: figure.size.width, height: figure.size.height)
        do {
            let context = try CairoContext(surface)
            try Painter(context: context).paint(figure)
        }
        try surface.finish()
        var text = SVGIdentifiers.roundDecimals(SVGIdentifiers.renumber(String(decoding: surface.sink!.data, as: UTF8.self)))
        // Title, description and provenance right after the root element's start tag.
        if let rootStart = text.range(of: "<svg"), let rootEnd = text.range(of: ">", range: rootStart.upperBound..<text.endIndex) {
            text.insert(contentsOf: svgHeader(figure), at: rootEnd.upperBound)
        }
        return Data(text.utf8)
    }

    static func pdf(_ figure: Figure) throws -> Data {
        let surface = try CairoSurface.pdf(width: figure.size.width, height: figure.size.height,
                                           title: MarkupEscaping.replacingControls(in: figure.title),
                                           subject: MarkupEscaping.replacingControls(in: figure.caption), creator: software)
        do {
            let context = try CairoContext(surface)
            try Painter(context: context).paint(figure)
            cairo_show_page(context.pointer)
            try context.check("cairo_show_page")
        }
        try surface.finish()
        return surface.sink!.data
    }

    /// The lines an SVG starts with after its root tag: `<title>`, `<desc>` and
    /// `<metadata>Stepwise 0.1.0; model m, step 1, scopes s; fnv1a64:…</metadata>`, escaped by
    /// `MarkupEscaping`. The metadata is escaped as an attribute value would be (line breaks become
    /// references) so that it stays on one line, which golden comparison skips.
    static func svgHeader(_ figure: Figure) -> String {
        let provenance = "\(software); \(sourceLine(figure.source)); \(figure.source.digest)"
        return "\n<title>\(MarkupEscaping.text(figure.title))</title>"
            + "\n<desc>\(MarkupEscaping.text(figure.caption))</desc>"
            + "\n<metadata>\(MarkupEscaping.attribute(provenance))</metadata>"
    }
}
