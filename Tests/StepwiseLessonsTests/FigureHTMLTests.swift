import Plot
import StepwiseLessons
import Testing

/// Figures on a page: narrow ones shrink with the text column, wide ones leave it and scroll
/// rather than shrink below 80 % of their drawn size.
@Suite struct FigureHTMLTests {
    func html(width: Int, link: String? = "figures/01-x.svg") -> String {
        FigureHTML.figure(src: "figures/01-x.png", alt: "A figure.", width: width, height: 100, link: link,
                          caption: [.text("Caption.")]).render()
    }

    @Test func aFigureNarrowerThanTheColumnIsPlain() {
        #expect(html(width: 736) == #"<figure><a href="figures/01-x.svg"><img src="figures/01-x.png" alt="A figure." width="736" height="100"/></a><figcaption>Caption.</figcaption></figure>"#)
        #expect(html(width: 300, link: nil) == #"<figure><img src="figures/01-x.png" alt="A figure." width="300" height="100"/><figcaption>Caption.</figcaption></figure>"#)
    }

    @Test func aWideFigureScrollsAtNoLessThanEightyPercent() {
        let page = html(width: 1618)
        #expect(page.hasPrefix(#"<figure class="wide" style="max-width: 1620px"><div class="figure-scroll"><a href="figures/01-x.svg">"#))
        #expect(page.contains(#"width="1618" height="100" style="min-width: 1294px"/>"#))
        #expect(page.hasSuffix("</a></div><figcaption>Caption.</figcaption></figure>"))
    }
}
