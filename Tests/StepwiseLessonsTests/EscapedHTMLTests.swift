import Foundation
import Plot
@testable import StepwiseLessons
import Testing

/// Attribute values and outside text on pages: escaped by the one function, whatever a name holds;
/// and no page builder hands Plot a raw attribute value.
@Suite struct EscapedHTMLTests {
    static let hostile = "\"><script>alert(1)</script><img src=x onerror=alert(2)> it's --->"

    @Test func escapedAttributesCannotBeLeft() {
        let image: Node<HTML.BodyContext> = .img(.escaped("alt", Self.hostile))
        #expect(image.render() == #"<img alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; it&apos;s ---&gt;"/>"#)
        // Plot drops an empty value; an escaped attribute keeps it (alt="" marks a decorative image).
        #expect(Node<HTML.BodyContext>.img(.escaped("alt", "")).render() == "<img alt/>")
    }

    @Test func literalTextShowsEntitiesAsWritten() {
        let paragraph: Node<HTML.BodyContext> = .p(.literal("a &amp; b <b>\u{1}"))
        #expect(paragraph.render() == "<p>a &amp;amp; b &lt;b&gt;\u{FFFD}</p>")
    }

    /// Formula text can come from outside the code (a vocabulary's tokens, a trace's names): each
    /// MathML leaf shows it exactly as written, entities included.
    @Test func mathTextShowsEntitiesAsWritten() {
        let leaves = [MathML.text("&lt;b&gt;"), MathML.identifier("&amp;"), MathML.op("<"), MathML.number("&#49;")]
        #expect(leaves.map { $0.render() } == ["<mtext>&amp;lt;b&amp;gt;</mtext>", "<mi>&amp;amp;</mi>", "<mo>&lt;</mo>", "<mn>&amp;#49;</mn>"])
    }

    @Test func figureAltIsEscapedHere() {
        let html = FigureHTML.figure(src: "figures/01-x.png", alt: Self.hostile, width: 10, height: 10, smallestText: nil, link: nil, caption: []).render()
        #expect(!html.contains("<script") && !html.contains("<img src=x"))
        #expect(html.contains(#"alt="&quot;&gt;&lt;script&gt;"#))
    }

    @Test func relativeURLsEncodeEverySpecialCharacter() {
        #expect(EscapedHTML.relativeURL("../b-backprop/index.html") == "../b-backprop/index.html")
        #expect(EscapedHTML.relativeURL(#"a"><img src=x onerror=alert(3)>.trace.json"#)
                == "a%22%3E%3Cimg%20src=x%20onerror=alert(3)%3E.trace.json")
        // No scheme: `javascript:` stays a file name.
        #expect(EscapedHTML.relativeURL("javascript:alert(1)") == "javascript%3Aalert(1)")
        #expect(EscapedHTML.relativeURL("a#b?c%d é") == "a%23b%3Fc%25d%20%C3%A9")
    }

    @Test func sha256MatchesPublishedVectors() {
        func hex(_ text: String) -> String { SHA256.digest(Array(text.utf8)).map { String(format: "%02x", $0) }.joined() }
        #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func everyPageCarriesTheContentSecurityPolicy() {
        let plain = PageTemplate.page(title: Self.hostile, assetPrefix: "", home: "index.html", body: [], hasStepper: false)
        #expect(plain.contains(#"<meta http-equiv="Content-Security-Policy" content="default-src &apos;none&apos;; script-src &apos;none&apos;;"#))
        #expect(!plain.contains("<script"))
        #expect(plain.contains("<title>\"&gt;&lt;script&gt;"))
        let stepper = PageTemplate.page(title: "t", assetPrefix: "", home: "index.html", body: [], hasStepper: true)
        #expect(stepper.contains("script-src &apos;sha256-\(Data(SHA256.digest(Array(SiteAssets.stepperScript.utf8))).base64EncodedString())&apos;"))
        #expect(stepper.contains("<script>\(SiteAssets.stepperScript)</script>"))
    }

    /// Plot writes attribute values as given. In the page builders, Plot's value-taking attribute
    /// functions may only get a plain string literal; anything computed goes through
    /// `.escaped(…)` / `.escapedPath(…)`.
    @Test func noPageBuilderHandsPlotARawAttributeValue() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let names = "alt|href|src|content|id|class|title|style|name|rel|type|lang|width|height|action|for|placeholder|url|stylesheet"
        // `.alt(` etc. followed by anything but a plain literal or an enum case; and `.attribute(named:value:)` likewise.
        let rawCall = try NSRegularExpression(pattern: #"\.(\#(names))\((?!"[^"\\]*"\)|\.[a-zA-Z])"#)
        let rawAttribute = try NSRegularExpression(pattern: #"attribute\(named: *+"[^"]*", *+value: *+(?!"[^"\\]*"\))"#)
        var offenders: [String] = []
        for module in ["StepwiseLessons", "StepwiseReports"] {
            let folder = sources.appendingPathComponent(module)
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") && file != "EscapedHTML.swift" {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                guard text.contains("import Plot") else { continue }
                for (number, line) in text.components(separatedBy: "\n").enumerated() where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                    let range = NSRange(line.startIndex..., in: line)
                    if rawCall.firstMatch(in: line, range: range) != nil || rawAttribute.firstMatch(in: line, range: range) != nil {
                        offenders.append("\(module)/\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                    }
                }
            }
        }
        #expect(offenders.isEmpty, "\(offenders.joined(separator: "\n"))")
    }
}
