/// The half-width space Chinese typography puts between Chinese characters and Latin letters or
/// digits (`docs/chinese-edition.md`): "输出神经元 1 的净输入", "使用 ReLU 激活函数". Templates
/// whose placeholders meet Chinese words ("{unit}的{words}") get it wherever a filled-in value
/// starts or ends with a letter, digit or symbol letter (x₁, σ², ŷ).
public enum ChineseSpacing {
    /// `text` with one space inserted wherever a Chinese character touches a Latin letter, a
    /// digit or another non-Chinese letter; existing spaces and full-width punctuation stay.
    public static func spaced(_ text: String) -> String {
        var result = ""
        var previous: Character?
        for character in text {
            if let previous, isHan(previous) && isLatin(character) || isLatin(previous) && isHan(character) {
                result.append(" ")
            }
            result.append(character)
            previous = character
        }
        return result
    }

    private static func isHan(_ character: Character) -> Bool {
        character.unicodeScalars.first.map { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) } ?? false
    }

    /// A letter or digit of a Latin, Greek or symbol script (not Chinese, not punctuation).
    private static func isLatin(_ character: Character) -> Bool {
        (character.isLetter || character.isNumber) && !isHan(character)
    }
}

extension PhraseBook {
    /// The entry's words in `edition` with its placeholders filled from `values`, spaced as
    /// Chinese typography wants where a value meets Chinese words (`ChineseSpacing`).
    public func typeset(_ edition: Edition, _ values: [String: String] = [:]) -> String {
        let text = values.isEmpty ? self(edition) : self(edition, values)
        return edition == .zh ? ChineseSpacing.spaced(text) : text
    }
}
