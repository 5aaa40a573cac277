/// The one escaping function for every string that becomes part of markup: HTML pages, SVG/XML
/// files and Pango markup. Names from specs and traces, lesson text that is not meant as markup,
/// captions, alt texts, `<meta>` values and figure titles all pass through `escape(_:for:)`.
///
/// What it guarantees:
/// - `&`, `<` and `>` become entities, so the text can neither start a tag or comment, end a
///   comment or CDATA section, nor be read as an entity: it shows literally. In an attribute
///   value `"` and `'` become entities too, so the value cannot end (single- or double-quoted).
/// - Characters XML does not allow even as references — the C0 controls other than tab, line
///   feed and carriage return (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F), and U+FFFE and
///   U+FFFF — and the controls HTML rejects (U+007F–U+009F) become U+FFFD �, so the output stays
///   well-formed and the reader sees that something was there.
/// - In an attribute value, tab, line feed and carriage return become character references
///   (`&#9;`, `&#10;`, `&#13;`): they survive attribute-value normalization and keep the
///   output on one line.
public enum MarkupEscaping {
    /// Where the escaped text goes.
    public enum Context: Sendable {
        /// Element content: `<p>…</p>`, `<title>…</title>`, Pango markup text.
        case text
        /// A quoted attribute value: `alt="…"`, `content="…"`, `href="…"`.
        case attribute
    }

    /// The replacement for a character markup cannot hold.
    public static let replacement: Character = "\u{FFFD}"

    /// `text` made safe for `context`; see the type's documentation.
    public static func escape(_ text: String, for context: Context) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where context == .attribute: result += "&quot;"
            case "'" where context == .attribute: result += "&apos;"
            case "\t", "\n", "\r":
                if context == .attribute { result += "&#\(scalar.value);" } else { result.unicodeScalars.append(scalar) }
            default:
                if isControl(scalar) { result.append(replacement) } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }

    /// Element content (`escape(text, for: .text)`).
    public static func text(_ text: String) -> String { escape(text, for: .text) }

    /// A quoted attribute value (`escape(text, for: .attribute)`).
    public static func attribute(_ text: String) -> String { escape(text, for: .attribute) }

    /// True for the characters markup cannot hold as they are: every C0 control (U+0000–U+001F,
    /// tab and line ends included), U+007F–U+009F, U+FFFE and U+FFFF. Spec names reject these
    /// outright; outputs escape or replace them.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0xFFFE || scalar.value == 0xFFFF
    }

    /// `text` with every control character (see `isControl`) except those in `keeping` replaced
    /// by U+FFFD: for outputs that are not markup, such as PNG text chunks.
    public static func replacingControls(in text: String, keeping kept: Set<Unicode.Scalar> = []) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if isControl(scalar) && !kept.contains(scalar) { result.append(replacement) } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }
}
