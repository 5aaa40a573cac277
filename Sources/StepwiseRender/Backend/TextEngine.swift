import CCairo
import CPango
import Foundation

/// The size of a piece of text, in figure units.
public struct TextMetrics: Equatable, Sendable {
    /// Logical width and height (line height, not ink).
    public var width: Double
    public var height: Double
    /// Distance from the top of the logical box to the baseline.
    public var baseline: Double
}

/// All text goes through Pango (never Cairo's toy text API, which has no font fallback):
/// markup (`<sub>`, `<sup>`, `<b>`), Greek and math symbols, CJK.
///
/// Fonts are fixed for determinism: the family list "DejaVu Sans, WenQuanYi Micro Hei"
/// (Debian's fonts-dejavu-core and fonts-wqy-microhei), sizes in pixels, and fixed font
/// options (grey antialiasing, no hinting, unhinted metrics, unrounded glyph positions) so a
/// text has the same metrics in PNG, SVG and PDF, whatever the user's fontconfig says.
///
/// One process-wide engine: Pango objects are not safe to share between threads, so every use
/// takes `lock` (measurement in layout, and painting).
final class TextEngine: @unchecked Sendable {
    static let shared = TextEngine()

    /// Font families in fallback order.
    static let families = "DejaVu Sans, WenQuanYi Micro Hei"

    let lock = NSRecursiveLock()
    private let fontMap: UnsafeMutablePointer<PangoFontMap>
    private let fontOptions: OpaquePointer
    private let measureContext: OpaquePointer
    private var cache: [CacheKey: TextMetrics] = [:]

    private struct CacheKey: Hashable {
        let markup: String
        let size: Double
        let bold: Bool
    }

    private init() {
        fontMap = pango_cairo_font_map_new()
        fontOptions = cairo_font_options_create()
        cairo_font_options_set_antialias(fontOptions, CAIRO_ANTIALIAS_GRAY)
        cairo_font_options_set_hint_style(fontOptions, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(fontOptions, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_subpixel_order(fontOptions, CAIRO_SUBPIXEL_ORDER_DEFAULT)
        measureContext = TextEngine.makeContext(fontMap: fontMap, options: fontOptions)
    }

    private static func makeContext(fontMap: UnsafeMutablePointer<PangoFontMap>, options: OpaquePointer) -> OpaquePointer {
        let context = pango_font_map_create_context(fontMap)!
        pango_cairo_context_set_font_options(context, options)
        pango_cairo_context_set_resolution(context, 96)
        pango_context_set_round_glyph_positions(context, 0)
        return context
    }

    /// A context for drawing on `cairo` (matrix taken from its transformation).
    func makeDrawingContext(for cairo: OpaquePointer) -> OpaquePointer {
        let context = TextEngine.makeContext(fontMap: fontMap, options: fontOptions)
        pango_cairo_update_context(cairo, context)
        return context
    }

    /// True when `markup` parses as Pango markup.
    static func isValidMarkup(_ markup: String) -> Bool {
        pango_parse_markup(markup, -1, 0, nil, nil, nil, nil) != 0
    }

    /// A layout of `markup` (escaped plain text when it is not valid markup). Caller unrefs.
    func makeLayout(_ markup: String, size: Double, bold: Bool, context: OpaquePointer) -> OpaquePointer {
        let layout = pango_layout_new(context)!
        let description = pango_font_description_from_string(TextEngine.families)
        pango_font_description_set_absolute_size(description, size * Double(STEPWISE_PANGO_SCALE))
        pango_font_description_set_weight(description, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_layout_set_font_description(layout, description)
        pango_font_description_free(description)
        if TextEngine.isValidMarkup(markup) {
            pango_layout_set_markup(layout, markup, -1)
        } else {
            pango_layout_set_text(layout, markup, -1)
        }
        return layout
    }

    static func metrics(of layout: OpaquePointer) -> TextMetrics {
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        let scale = Double(STEPWISE_PANGO_SCALE)
        return TextMetrics(width: Double(logical.width) / scale, height: Double(logical.height) / scale,
                           baseline: Double(pango_layout_get_baseline(layout) - logical.y) / scale)
    }

    /// The logical size of `markup` at `size` px.
    func measure(_ markup: String, size: Double, bold: Bool = false) -> TextMetrics {
        lock.lock()
        defer { lock.unlock() }
        let key = CacheKey(markup: markup, size: size, bold: bold)
        if let cached = cache[key] { return cached }
        let layout = makeLayout(markup, size: size, bold: bold, context: measureContext)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        let metrics = TextEngine.metrics(of: layout)
        if cache.count > 20_000 { cache.removeAll(keepingCapacity: true) }
        cache[key] = metrics
        return metrics
    }
}

/// Measures text for layout. Figures lay out with `TextMeasurer.pango`, the same engine that
/// paints, so positions computed in layout match what is drawn.
public struct TextMeasurer: Sendable {
    private let measureFunction: @Sendable (String, Double, Bool) -> TextMetrics

    public init(_ measure: @escaping @Sendable (_ markup: String, _ size: Double, _ bold: Bool) -> TextMetrics) {
        measureFunction = measure
    }

    public func measure(_ markup: String, size: Double, bold: Bool = false) -> TextMetrics {
        measureFunction(markup, size, bold)
    }

    public func width(_ markup: String, size: Double, bold: Bool = false) -> Double {
        measure(markup, size: size, bold: bold).width
    }

    /// The Pango engine (DejaVu Sans with CJK fallback).
    public static let pango = TextMeasurer { TextEngine.shared.measure($0, size: $1, bold: $2) }
}
