import Foundation
import Plot
import StepwiseMarkup

// Plot writes attribute values exactly as given (a `"` in a model name would end the attribute
// and start markup of its own), and its text nodes escape `<` and `>` but keep anything that looks
// like an entity (`&lt;` in a name would show as `<`). Page builders therefore make every
// attribute value, and every text that comes from outside the code, with these functions, which
// escape with `MarkupEscaping`, the one escaping function. `EscapedHTMLTests` fails when one of
// Plot's value-taking attribute functions is given anything but a plain string literal in
// StepwiseLessons or StepwiseReports, so no call site can forget.

extension Attribute {
    /// `name="value"`, with `value` escaped for a double-quoted attribute. An empty value is
    /// kept (`alt` with no value is `alt=""`), where Plot would drop the attribute.
    package static func escaped(_ name: String, _ value: String) -> Attribute {
        Attribute(name: name, value: MarkupEscaping.attribute(value), ignoreIfValueIsEmpty: false)
    }

    /// `name="path"` for a relative URL to the file `path` (segments separated by `/`): see
    /// `EscapedHTML.relativeURL`.
    package static func escapedPath(_ name: String, _ path: String) -> Attribute {
        escaped(name, EscapedHTML.relativeURL(path))
    }
}

extension Node {
    /// An escaped attribute (`Attribute.escaped`) as a node.
    package static func escaped(_ name: String, _ value: String) -> Node {
        .attribute(Attribute<Context>.escaped(name, value))
    }

    /// A relative-URL attribute (`Attribute.escapedPath`) as a node.
    package static func escapedPath(_ name: String, _ path: String) -> Node {
        .attribute(Attribute<Context>.escapedPath(name, path))
    }

    /// `text` shown exactly as written: every character escaped by `MarkupEscaping`.
    package static func literal(_ text: String) -> Node {
        .raw(MarkupEscaping.text(text))
    }
}

package enum EscapedHTML {
    /// Characters a path segment keeps as they are: RFC 3986's unreserved characters and the
    /// sub-delimiters other than those with a meaning in HTML or URLs here. `:` is not among
    /// them, so no first segment reads as a scheme (`javascript:`); `%`, `?`, `#` and spaces
    /// are encoded too.
    private static let segmentCharacters = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$()*+,;=@")

    /// A relative URL for a file path: `a b/c:d#1.json` → `a%20b/c%3Ad%231.json`. Each segment is
    /// percent-encoded (UTF-8); `/` separates segments.
    package static func relativeURL(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { String($0).addingPercentEncoding(withAllowedCharacters: segmentCharacters)! }
            .joined(separator: "/")
    }
}
