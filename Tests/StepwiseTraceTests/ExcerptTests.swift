import StepwiseTrace
import Testing

/// The one way an error message quotes a value from a user's file.
@Suite struct ExcerptTests {
    @Test func shortValuesAreQuotedAsWritten() {
        #expect(Excerpt("relu").description == "relu")
        #expect(Excerpt(String(repeating: "a", count: 80)).description == String(repeating: "a", count: 80))
    }

    @Test func longValuesAreCutToEightyCharacters() {
        let shown = Excerpt(String(repeating: "x", count: 5000)).description
        #expect(shown.count == 80)
        #expect(shown == String(repeating: "x", count: 79) + "…")
    }

    @Test func controlCharactersAndNewlinesAreEscaped() {
        #expect(Excerpt("root:x:0:0\nbin:x:1\t\u{1B}[31m\r").description == "root:x:0:0\\nbin:x:1\\t\\u{1B}[31m\\r")
        // An escape is never cut in half.
        let shown = Excerpt(String(repeating: "y", count: 76) + "\u{1B}" + "zzzz").description
        #expect(shown == String(repeating: "y", count: 76) + "…")
    }
}
