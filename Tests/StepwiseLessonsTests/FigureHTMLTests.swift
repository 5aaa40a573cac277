import Plot
import StepwiseLessons
import Testing

/// Figures on a page: every figure sits in its own scroll box and is never shown below 80 % of
/// its drawn size, nor so small that its smallest text falls below 10 px; wide ones leave the
/// text column.
@Suite struct FigureHTMLTests {
    func html(width: Int, smallestText: Double? = 15, link: String? = "figures/01-x.svg") -> String {
        FigureHTML.figure(src: "figures/01-x.png", alt: "A figure.", width: width, height: 100, smallestText: smallestText,
                          link: link, caption: [.text("Caption.")]).render()
    }

    @Test func aFigureNarrowerThanTheColumnScrollsInItsBox() {
        // 15-px text allows 80 %: 736 × 0.8 = 588.8, rounded up.
        #expect(html(width: 736) == #"<figure><div class="figure-scroll"><a href="figures/01-x.svg"><img src="figures/01-x.png" alt="A figure." width="736" height="100" style="min-width: 589px" data-smallest-text="15"/></a></div><figcaption>Caption.</figcaption></figure>"#)
        #expect(html(width: 300, link: nil) == #"<figure><div class="figure-scroll"><img src="figures/01-x.png" alt="A figure." width="300" height="100" style="min-width: 240px" data-smallest-text="15"/></div><figcaption>Caption.</figcaption></figure>"#)
    }

    @Test func aWideFigureLeavesTheColumnAndScrolls() {
        let page = html(width: 1618)
        #expect(page.hasPrefix(#"<figure class="wide" style="max-width: 1620px"><div class="figure-scroll"><a href="figures/01-x.svg">"#))
        #expect(page.contains(#"width="1618" height="100" style="min-width: 1295px" data-smallest-text="15"/>"#))
        #expect(page.hasSuffix("</a></div><figcaption>Caption.</figcaption></figure>"))
    }

    @Test func smallTextKeepsTheFigureLarger() {
        // 12.5 px is the smallest text that still allows 80 % (12.5 × 0.8 = 10).
        #expect(FigureHTML.minimumScale(smallestText: 12.5) == 0.8)
        #expect(FigureHTML.minimumScale(smallestText: 20) == 0.8)
        #expect(FigureHTML.minimumScale(smallestText: nil) == 0.8)
        #expect(FigureHTML.minimumScale(smallestText: 11) == 10.0 / 11)
        // 10-px text: never shrunk; text drawn smaller cannot be helped by enlarging the PNG.
        #expect(FigureHTML.minimumScale(smallestText: 10) == 1)
        #expect(FigureHTML.minimumScale(smallestText: 8) == 1)
        #expect(html(width: 500, smallestText: 10).contains(#"style="min-width: 500px" data-smallest-text="10""#))
        #expect(html(width: 500, smallestText: 12.5).contains(#"style="min-width: 400px" data-smallest-text="12.5""#))
        // 500 × 10/11 = 454.5…: rounded up so the text is never below 10 px.
        #expect(html(width: 500, smallestText: 11).contains(#"style="min-width: 455px" data-smallest-text="11""#))
    }

    @Test func aFigureWithoutTextHasNoTextSize() {
        #expect(!html(width: 400, smallestText: nil).contains("data-smallest-text"))
        #expect(html(width: 400, smallestText: nil).contains(#"style="min-width: 320px""#))
    }
}
