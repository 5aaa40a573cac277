import StepwiseMarkup

/// Pango markup helpers. Every string from a trace (scope names, model names) goes through
/// `escape` before it becomes part of a `TextItem`'s markup.
public enum Markup {
    /// `text` as Pango markup that shows it literally: `&`, `<` and `>` become entities and
    /// control characters U+FFFD (`MarkupEscaping`, the one escaping function, for element text).
    public static func escape(_ text: String) -> String {
        MarkupEscaping.text(text)
    }

    /// Removes tags and resolves the five entities: the plain text a markup string shows.
    public static func plain(_ markup: String) -> String {
        var result = ""
        var inTag = false
        for character in markup {
            if character == "<" { inTag = true; continue }
            if character == ">" { inTag = false; continue }
            if !inTag { result.append(character) }
        }
        return result.replacingEntities()
    }

    /// `base` with a subscript: `W<sub>1</sub>`.
    public static func sub(_ base: String, _ index: String) -> String {
        "\(escape(base))<sub>\(escape(index))</sub>"
    }
}

extension String {
    fileprivate func replacingEntities() -> String {
        var result = self
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")] {
            result = result.split(separator: entity, omittingEmptySubsequences: false).joined(separator: character)
        }
        return result
    }
}
