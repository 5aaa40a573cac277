/// A value from a user's file as an error message quotes it: at most 80 characters, with
/// newlines, tabs and other control characters written as escapes (`\n`, `\t`, `\u{1B}`), and
/// `…` where it was cut. Every error that quotes a value goes through it, so a bad file never
/// floods the terminal or sends it escape sequences.
public struct Excerpt: CustomStringConvertible, Sendable {
    public static let limit = 80
    public let description: String

    public init(_ value: String) {
        var pieces: [String] = []
        var count = 0
        for scalar in value.unicodeScalars {
            let piece = Self.escaped(scalar)
            pieces.append(piece)
            count += piece.unicodeScalars.count
            if count > Self.limit { break }
        }
        guard count > Self.limit else {
            description = pieces.joined()
            return
        }
        var shown = ""
        var kept = 0
        for piece in pieces {
            let length = piece.unicodeScalars.count
            if kept + length > Self.limit - 1 { break }
            shown += piece
            kept += length
        }
        description = shown + "…"
    }

    /// One scalar as an error shows it: `\n`, `\r`, `\t`, `\u{1B}` for controls, else itself.
    static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case _ where needsEscape(scalar):
            return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        default: return String(scalar)
        }
    }

    /// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
