/// One entry of the string catalogue: the same words in every edition, side by side.
///
/// Either language may hold `{name}` placeholders, filled by `PhraseBook.callAsFunction(_:_:)`;
/// both languages hold the same placeholders (`CatalogueTests` checks it), in whatever order
/// each language's grammar wants them.
public struct Phrase: Sendable, Equatable {
    public let en: String
    public let zh: String

    public init(_ en: String, _ zh: String) {
        self.en = en
        self.zh = zh
    }

    /// The words of `edition`.
    public subscript(_ edition: Edition) -> String {
        switch edition {
        case .en: return en
        case .zh: return zh
        }
    }

    /// The placeholder names `{name}` in `text`, in order of appearance.
    public static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// `text` with each `{name}` replaced by `values[name]`. A placeholder without a value is a
    /// programmer error. `insert` appends a value to the text so far, given the text still to come
    /// (`ChineseSpacing.fill` adjusts the spaces around it there).
    static func fill(
        _ text: String, with values: [String: String],
        insert: (_ result: inout String, _ value: String, _ rest: inout Substring) -> Void = { result, value, _ in result += value }
    ) -> String {
        var result = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            guard let value = values[name] else { preconditionFailure("no value for {\(name)} in \"\(text)\"") }
            rest = rest[rest.index(after: close)...]
            insert(&result, value, &rest)
        }
        return result + rest
    }
}

/// A book of the catalogue: one area's entries (chart words, site words, …) as the cases of an
/// enum, each with its `Phrase`. Code asks a case for its words in an edition:
///
///     ChartWords.loss(.zh)                         // "损失"
///     ChartWords.afterUpdates(.en, ["n": "3"])     // "after 3 updates"
public protocol PhraseBook: CaseIterable, Sendable {
    /// The entry's words in every language.
    var phrase: Phrase { get }
}

extension PhraseBook {
    /// The entry's words in `edition` (no placeholders).
    public func callAsFunction(_ edition: Edition) -> String {
        let text = phrase[edition]
        precondition(!text.contains("{"), "\(self) has placeholders; pass their values")
        return text
    }

    /// The entry's words in `edition` with every `{name}` filled in from `values`.
    public func callAsFunction(_ edition: Edition, _ values: [String: String]) -> String {
        Phrase.fill(phrase[edition], with: values)
    }

    /// The catalogue key of the entry: `Book.case`.
    public var key: String { "\(Self.self).\(self)" }
}
