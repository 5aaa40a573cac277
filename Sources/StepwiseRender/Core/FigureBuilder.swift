import Foundation

/// Collects a figure's elements and its digest while a layout function places things.
/// Shared pieces (title, colour bar, matrix panel, axes) live here so every figure draws them
/// the same way.
public struct FigureBuilder {
    public let measurer: TextMeasurer
    public private(set) var elements: [Element] = []
    public private(set) var digest = Digest()
    /// The right edge of the title and subtitle: a figure is never narrower than its title.
    private var titleRight = 0.0

    public init(measurer: TextMeasurer = .pango) {
        self.measurer = measurer
    }

    public mutating func add(_ element: Element) {
        elements.append(element)
    }

    /// Feeds numbers the figure shows into the digest.
    public mutating func record(_ values: [Double]) { digest.add(values) }
    public mutating func record(_ text: String) { digest.add(text) }

    public mutating func rect(_ rect: Rect, fill: Color?, stroke: Stroke? = nil) {
        elements.append(.rect(rect, fill: fill, stroke: stroke))
    }

    public mutating func line(_ a: Point, _ b: Point, _ stroke: Stroke) {
        elements.append(.polyline([a, b], stroke: stroke))
    }

    /// Adds text and returns its box.
    @discardableResult
    public mutating func text(
        _ markup: String, at position: Point, horizontal: HorizontalAnchor = .start, vertical: VerticalAnchor = .baseline,
        size: Double = Style.labelSize, color: Color = .ink, bold: Bool = false, rotation: Double = 0
    ) -> Rect {
        digest.add(markup)
        elements.append(.text(TextItem(markup, at: position, horizontal: horizontal, vertical: vertical, size: size,
                                       color: color, bold: bold, rotation: rotation)))
        let metrics = measurer.measure(markup, size: size, bold: bold)
        return textBox(metrics, at: position, horizontal: horizontal, vertical: vertical, rotation: rotation)
    }

    /// The box a text occupies (unrotated, or rotated by ±90°).
    public func textBox(_ metrics: TextMetrics, at p: Point, horizontal: HorizontalAnchor, vertical: VerticalAnchor, rotation: Double = 0) -> Rect {
        let dx: Double = horizontal == .start ? 0 : horizontal == .center ? -metrics.width / 2 : -metrics.width
        let dy: Double
        switch vertical {
        case .top: dy = 0
        case .center: dy = -metrics.height / 2
        case .baseline: dy = -metrics.baseline
        case .bottom: dy = -metrics.height
        }
        if rotation == 90 {
            // Reads bottom to top: local x goes up, local y goes right.
            return Rect(x: p.x + dy, y: p.y - dx - metrics.width, width: metrics.height, height: metrics.width)
        }
        return Rect(x: p.x + dx, y: p.y + dy, width: metrics.width, height: metrics.height)
    }

    /// The title (bold, markup) and an optional subtitle at the top left; returns the y below them.
    public mutating func title(_ markup: String, subtitle: String? = nil, x: Double = Style.margin) -> Double {
        var y = Style.margin
        let box = text(markup, at: Point(x, y), vertical: .top, size: Style.titleSize, bold: true)
        y = box.maxY
        titleRight = max(titleRight, box.maxX)
        if let subtitle {
            let sub = text(subtitle, at: Point(x, y + 2), vertical: .top, size: Style.labelSize, color: .mutedInk)
            y = sub.maxY
            titleRight = max(titleRight, sub.maxX)
        }
        return y + Style.titleGap
    }

    /// A vertical colour bar in `rect` with the range's end values labelled at its ends and
    /// nice ticks between; `label` above it. Returns the box of everything drawn.
    @discardableResult
    public mutating func colorBar(_ map: ColorMap, range: ValueRange, in bar: Rect, label: String? = nil) -> Rect {
        let rect = bar
        let steps = 64
        let colors = (0..<steps).map { map.color(at: 1 - (Double($0) + 0.5) / Double(steps)) }
        elements.append(.raster(rect, columns: 1, rows: steps, colors: colors, smooth: true))
        self.rect(rect, fill: nil, stroke: Stroke(.axis, width: 0.75))
        var box = rect
        func y(_ value: Double) -> Double { rect.maxY - range.fraction(of: value) * rect.height }
        let labelX = rect.maxX + Style.tickLength + 3
        var occupied: [Rect] = []
        for (value, text) in [(range.upper, NumberFormat.compact(range.upper)), (range.lower, NumberFormat.compact(range.lower))] {
            line(Point(rect.maxX, y(value)), Point(rect.maxX + Style.tickLength, y(value)), Stroke(.axis, width: 0.75))
            let b = self.text(text, at: Point(labelX, y(value)), vertical: .center, size: Style.tickSize, color: .ink)
            occupied.append(b)
            box = box.union(b)
        }
        let ticks = Ticks.nice(range.lower, range.upper, target: 5)
        for (value, text) in zip(ticks.values, ticks.labels) where value > range.lower && value < range.upper {
            let metrics = measurer.measure(text, size: Style.tickSize)
            let candidate = textBox(metrics, at: Point(labelX, y(value)), horizontal: .start, vertical: .center).insetBy(0, -2)
            if occupied.contains(where: { $0.intersects(candidate) }) { continue }
            line(Point(rect.maxX, y(value)), Point(rect.maxX + Style.tickLength, y(value)), Stroke(.axis, width: 0.75))
            let b = self.text(text, at: Point(labelX, y(value)), vertical: .center, size: Style.tickSize, color: .mutedInk)
            occupied.append(b)
            box = box.union(b)
        }
        if let label {
            let b = self.text(label, at: Point(rect.minX, rect.minY - 6), vertical: .bottom, size: Style.tickSize, color: .mutedInk)
            box = box.union(b)
        }
        return box
    }

    /// The width a colour bar with its labels needs beside the bar.
    public func colorBarLabelWidth(range: ValueRange) -> Double {
        let texts = [NumberFormat.compact(range.upper), NumberFormat.compact(range.lower)]
            + Ticks.nice(range.lower, range.upper).labels
        return Style.tickLength + 3 + (texts.map { measurer.width($0, size: Style.tickSize) }.max() ?? 0)
    }

    /// Finishes the figure.
    public func figure(kind: String, size: Size, title: String, caption: String, source: (model: String, step: Int?, scopes: [String])) -> Figure {
        let width = max(size.width, titleRight + Style.margin)
        return Figure(kind: kind, size: Size(width.rounded(.up), size.height.rounded(.up)), title: title, caption: caption,
               elements: elements, source: FigureSource(model: source.model, step: source.step, scopes: source.scopes, digest: digest.value))
    }
}

extension Rect {
    public func union(_ other: Rect) -> Rect {
        let x0 = min(minX, other.minX)
        let y0 = min(minY, other.minY)
        return Rect(x: x0, y: y0, width: max(maxX, other.maxX) - x0, height: max(maxY, other.maxY) - y0)
    }
}
