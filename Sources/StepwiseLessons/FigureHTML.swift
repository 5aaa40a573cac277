import Plot

/// The `<figure>` of a drawn PNG, for lesson pages and reports alike.
///
/// A figure no wider than the text column shrinks with it. A wider one (an LSTM unrolled over
/// 20 time steps is 1600 px) would shrink until its numbers cannot be read, so it leaves the
/// column — up to the window's width — and is never shown below `minimumScale` of its drawn
/// size: what does not fit scrolls sideways.
public enum FigureHTML {
    /// The text column's width in CSS pixels (`main { max-width: 46rem }` at 16 px).
    public static let columnWidth = 736
    /// The smallest scale a wide figure is shown at.
    public static let minimumScale = 0.8

    /// `<figure>` with the image (inside a link to `link` when given) and the caption nodes.
    /// `src` and `link` are URLs the caller made (a relative path or a data: URI); `alt` is plain
    /// text. All three are escaped here.
    public static func figure(src: String, alt: String, width: Int, height: Int, link: String?,
                              caption: [Node<HTML.BodyContext>]) -> Node<HTML.BodyContext> {
        let wide = width > columnWidth
        var attributes: [Attribute<HTML.ImageContext>] = [
            .escaped("src", src), .escaped("alt", alt),
            .escaped("width", String(width)), .escaped("height", String(height)),
        ]
        if wide {
            attributes.append(.escaped("style", "min-width: \(Int((Double(width) * minimumScale).rounded()))px"))
        }
        let image: Node<HTML.BodyContext> = .selfClosedElement(named: "img", attributes: attributes)
        let linked: Node<HTML.BodyContext> = link.map { .element(named: "a", nodes: [.escaped("href", $0), image]) } ?? image
        let body: Node<HTML.BodyContext> = wide ? .div(.class("figure-scroll"), linked) : linked
        // A wide figure is as wide as the window allows, but no wider than its image (plus the border).
        let wideAttributes: [Node<HTML.BodyContext>] = [.class("wide"), .escaped("style", "max-width: \(width + 2)px")]
        return .element(named: "figure", nodes: (wide ? wideAttributes : []) + [body, .element(named: "figcaption", nodes: caption)])
    }
}
