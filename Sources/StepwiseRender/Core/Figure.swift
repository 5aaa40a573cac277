/// How a line is stroked.
public struct Stroke: Equatable, Sendable {
    public var color: Color
    public var width: Double
    /// Dash lengths (on, off, …); empty for a solid line.
    public var dash: [Double]

    public init(_ color: Color, width: Double = 1, dash: [Double] = []) {
        self.color = color
        self.width = width
        self.dash = dash
    }
}

/// Where a text item sits relative to its `position`.
public enum HorizontalAnchor: Sendable { case start, center, end }
public enum VerticalAnchor: Sendable { case top, center, baseline, bottom }

/// A piece of text: Pango markup (`W<sub>1</sub>`, `∂L/∂w`, CJK) drawn in the figure font.
/// Escape plain strings with `Markup.escape` before putting them in `markup`.
public struct TextItem: Equatable, Sendable {
    public var markup: String
    public var position: Point
    public var horizontal: HorizontalAnchor
    public var vertical: VerticalAnchor
    /// Font size in figure units (px).
    public var size: Double
    public var color: Color
    public var bold: Bool
    /// Rotation in degrees, counter-clockwise about `position` (−90 would read top to bottom;
    /// 90 reads bottom to top, as a y-axis label does).
    public var rotation: Double

    public init(
        _ markup: String, at position: Point, horizontal: HorizontalAnchor = .start,
        vertical: VerticalAnchor = .baseline, size: Double = 12, color: Color = .ink, bold: Bool = false,
        rotation: Double = 0
    ) {
        self.markup = markup
        self.position = position
        self.horizontal = horizontal
        self.vertical = vertical
        self.size = size
        self.color = color
        self.bold = bold
        self.rotation = rotation
    }
}

/// One drawing primitive of a figure, in figure units. A figure is a list of these, drawn in
/// order; layout produces them, the renderer only paints them.
public enum Element: Equatable, Sendable {
    case rect(Rect, fill: Color?, stroke: Stroke?)
    case circle(center: Point, radius: Double, fill: Color?, stroke: Stroke?)
    /// An open polyline.
    case polyline([Point], stroke: Stroke)
    /// A line from `from` to `to` ending in a filled arrow head of length `head`.
    case arrow(from: Point, to: Point, stroke: Stroke, head: Double)
    /// Diagonal hatching (lines at 45°, `spacing` apart) clipped to the rectangle.
    case hatch(Rect, color: Color, spacing: Double)
    /// A grid of `columns` × `rows` colours (row-major, top row first) stretched over the
    /// rectangle; `smooth` interpolates between cells, otherwise each cell is a flat block.
    case raster(Rect, columns: Int, rows: Int, colors: [Color], smooth: Bool)
    case text(TextItem)
}

/// What a figure was drawn from, stamped into its outputs (PNG text chunks, PDF metadata).
public struct FigureSource: Equatable, Sendable {
    /// The trace's model (spec) name.
    public var model: String
    /// The step drawn, if the figure shows one step.
    public var step: Int?
    /// The scopes or keys drawn (`hidden/kernel`, `attn/head1/weights`).
    public var scopes: [String]
    /// `Digest` of every number and label the figure drew (FNV-1a 64, hex).
    public var digest: String

    public init(model: String, step: Int? = nil, scopes: [String] = [], digest: String) {
        self.model = model
        self.step = step
        self.scopes = scopes
        self.digest = digest
    }
}

/// A laid-out figure: its size, title, caption (alt text) and drawing elements.
public struct Figure: Equatable, Sendable {
    /// The figure kind (`heatmap`, `network`, …).
    public var kind: String
    public var size: Size
    /// Plain-text title (also drawn at the top, as markup).
    public var title: String
    /// A sentence or two describing what the figure shows, with its numeric ranges: alt text.
    public var caption: String
    public var elements: [Element]
    public var source: FigureSource
    public var background: Color

    public init(kind: String, size: Size, title: String, caption: String, elements: [Element],
                source: FigureSource, background: Color = .white) {
        self.kind = kind
        self.size = size
        self.title = title
        self.caption = caption
        self.elements = elements
        self.source = source
        self.background = background
    }

    /// Every text item, in drawing order (for tests and accessibility checks).
    public var texts: [TextItem] {
        elements.compactMap { if case .text(let item) = $0 { return item } else { return nil } }
    }

    /// The smallest text size the figure draws (px), or nil when it draws no text: a page that
    /// shows the figure at scale s shows that text at s × this size.
    public var smallestTextSize: Double? { texts.map(\.size).min() }
}
