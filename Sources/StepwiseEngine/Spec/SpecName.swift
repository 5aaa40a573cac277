/// The rule for the model's and the layers' `name`s. A name travels everywhere — scopes, trace
/// keys, figure titles, PNG text chunks, SVG and HTML pages, terminal messages — and a control
/// character (U+0000–U+001F, U+007F) breaks most of them: SVG stops being XML, a PNG text chunk
/// is cut at a NUL, a message spills over lines. So a spec may not contain one in a name.
enum SpecName {
    /// The first control character of `name` and its position (counted from 1), or nil.
    static func firstControlCharacter(in name: String) -> (scalar: Unicode.Scalar, position: Int)? {
        for (offset, scalar) in name.unicodeScalars.enumerated() where scalar.value < 0x20 || scalar.value == 0x7F {
            return (scalar, offset + 1)
        }
        return nil
    }

    /// `name` if it holds no control character; otherwise a spec error at `field` (whose path
    /// ends in `name`) saying which character was found where, without echoing the name itself.
    static func checked(_ name: String, at field: SpecField) throws -> String {
        guard let (scalar, position) = firstControlCharacter(in: name) else { return name }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: 4 - hex.count) + hex
        throw field.error("expected a name without control characters, found \(code) at character \(position)")
    }
}
