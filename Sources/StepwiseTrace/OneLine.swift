/// Keeps an error message on one line: a file's text quoted in it (a name, a key) may hold a
/// newline or another control character, which is shown escaped (`\n`, `\u{1B}`) instead.
/// Unlike `Excerpt`, the message is never cut; both escape through `Excerpt.escaped(_:)`.
public enum OneLine {
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: Excerpt.needsEscape) else { return text }
        return text.unicodeScalars.map(Excerpt.escaped).joined()
    }
}
