import Plot

/// The `<figure>` of a drawn PNG, for lesson pages and reports alike.
///
/// A figure shrinks with the column or the window, but never below `minimumScale(smallestText:)`
/// of its drawn size (the image's `min-width`): 80 %, or more when its smallest text would fall
/// below `smallestShownText` px. What does not fit scrolls sideways in the figure's own box, so
/// the page never does. A figure wider than the text column (an LSTM unrolled over 20 time
/// steps is 1600 px) leaves the column, up to the window's width.
public enum FigureHTML {
    /// The text column's width in CSS pixels (`main { max-width: 46rem }` at 16 px).
    public static let columnWidth = 736
    /// The smallest scale any figure is shown at.
    public static let minimumScale = 0.8
    /// The smallest text size (CSS px) a figure may show.
    public static let smallestShownText = 10.0

    /// The smallest scale a figure whose smallest text is `smallestText` px may be shown at:
    /// `max(minimumScale, smallestShownText / smallestText)`, and never above 1 (a figure is not
    /// enlarged: text drawn below `smallestShownText` is the renderer's to fix).
    public static func minimumScale(smallestText: Double?) -> Double {
        guard let smallestText, smallestText > 0 else { return minimumScale }
        return min(1, max(minimumScale, smallestShownText / smallestText))
    }

    /// `<figure>` with the image (inside a link to `link` when given) in its scroll box, and the
    /// caption nodes. `width` × `height` is the PNG's size in pixels; `smallestText` the smallest
    /// text it draws (nil: none), written on the image as `data-smallest-text` for the site check.
    /// `src` and `link` are URLs the caller made (a relative path or a data: URI); `alt` is plain
    /// text. All three are escaped here.
    public static func figure(src: String, alt: String, width: Int, height: Int, smallestText: Double?, link: String?,
                              caption: [Node<HTML.BodyContext>]) -> Node<HTML.BodyContext> {
        let smallestWidth = (Double(width) * minimumScale(smallestText: smallestText)).rounded(.up)
        var attributes: [Attribute<HTML.ImageContext>] = [
            .escaped("src", src), .escaped("alt", alt),
            .escaped("width", String(width)), .escaped("height", String(height)),
            .escaped("style", "min-width: \(Int(smallestWidth))px"),
        ]
        if let smallestText {
            attributes.append(.escaped("data-smallest-text", pixels(smallestText)))
        }
        let image: Node<HTML.BodyContext> = .selfClosedElement(named: "img", attributes: attributes)
        let linked: Node<HTML.BodyContext> = link.map { .element(named: "a", nodes: [.escaped("href", $0), image]) } ?? image
        let body: Node<HTML.BodyContext> = .div(.class("figure-scroll"), linked)
        // A wide figure is as wide as the window allows, but no wider than its image (plus the border).
        let wide = width > columnWidth
        let wideAttributes: [Node<HTML.BodyContext>] = [.class("wide"), .escaped("style", "max-width: \(width + 2)px")]
        return .element(named: "figure", nodes: (wide ? wideAttributes : []) + [body, .element(named: "figcaption", nodes: caption)])
    }

    /// `10` for 10 px, `12.5` for 12.5 px.
    private static func pixels(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }
}
