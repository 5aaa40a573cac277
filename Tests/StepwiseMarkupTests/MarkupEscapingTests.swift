import StepwiseMarkup
import Testing

/// The one escaping function: what each context turns every special character into.
@Suite struct MarkupEscapingTests {
    static let hostile = [
        "\"><script>alert(1)</script>", "<img src=x onerror=alert(2)>", "--->", "-->", "name-",
        "it's \"quoted\"", "a & b &amp; &lt;c&gt;", "tab\there", "nul\u{0}and\u{1}", "del\u{7F}c1\u{85}", "\u{FFFE}\u{FFFF}",
    ]

    @Test func specialCharactersBecomeEntitiesInBothContexts() {
        #expect(MarkupEscaping.attribute("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&apos;")
        // Quotes cannot end anything in element text: they stay as written.
        #expect(MarkupEscaping.text("a<b>&\"c'") == "a&lt;b&gt;&amp;\"c'")
        for context in [MarkupEscaping.Context.text, .attribute] {
            // An existing entity is escaped again: it shows literally.
            #expect(MarkupEscaping.escape("&lt;", for: context) == "&amp;lt;")
            #expect(MarkupEscaping.escape("é ∂L/∂w 学习率 --->", for: context) == "é ∂L/∂w 学习率 ---&gt;")
        }
    }

    @Test func whitespaceControlsStayInTextAndBecomeReferencesInAttributes() {
        #expect(MarkupEscaping.text("a\tb\nc\rd") == "a\tb\nc\rd")
        #expect(MarkupEscaping.attribute("a\tb\nc\rd") == "a&#9;b&#10;c&#13;d")
    }

    @Test func otherControlsBecomeTheReplacementCharacter() {
        for context in [MarkupEscaping.Context.text, .attribute] {
            #expect(MarkupEscaping.escape("a\u{0}b\u{1}c\u{1B}d\u{7F}e\u{9F}f\u{FFFE}", for: context) == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f\u{FFFD}")
        }
        #expect(MarkupEscaping.replacingControls(in: "a\nb\u{0}c\td") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d")
        #expect(MarkupEscaping.replacingControls(in: "a\nb\u{0}c", keeping: ["\n"]) == "a\nb\u{FFFD}c")
    }

    /// Whatever the input, the output holds no character that starts markup, ends a quoted
    /// attribute (in an attribute), or that XML forbids; and no line break in an attribute.
    @Test func noHostileNameSurvives() {
        for name in Self.hostile {
            for context in [MarkupEscaping.Context.text, .attribute] {
                let forbidden: Set<Character> = context == .text ? ["<", ">"] : ["<", ">", "\"", "'"]
                let escaped = MarkupEscaping.escape(name, for: context)
                #expect(!escaped.contains { forbidden.contains($0) }, "\(name)")
                #expect(!escaped.unicodeScalars.contains { MarkupEscaping.isControl($0) && !(context == .text && ["\t", "\n", "\r"].contains($0)) })
                // Every & starts one of the entities the function writes.
                let ampersands = escaped.split(separator: "&", omittingEmptySubsequences: false).dropFirst()
                #expect(ampersands.allSatisfy { part in ["amp;", "lt;", "gt;", "quot;", "apos;", "#9;", "#10;", "#13;"].contains { part.hasPrefix($0) } })
            }
        }
    }
}
