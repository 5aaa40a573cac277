/// The half-width space Chinese typography puts between Chinese characters and Latin letters or
/// digits (`docs/chinese-edition.md`): "输出神经元 1 的净输入", "使用 ReLU 激活函数", and none
/// between two Chinese characters or next to full-width punctuation. One rule, `gap`, decides
/// what goes between two characters; it is applied in two places:
///
/// - `fill`: a Chinese template writes a space on each side of a placeholder (`第 {n} 步`),
///   which is right when the value starts or ends with a Latin letter or a digit; where the
///   value meets a Chinese character or full-width punctuation, the space goes (`{layer} 按`
///   with "隐藏层" gives "隐藏层按", with "LSTM 层 1" "LSTM 层 1 按"). Only the spaces the
///   template wrote next to a placeholder are touched, never the value's own.
/// - `spaced`: a filled-in text whose values touch Chinese words without a space ("{unit}的
///   {words}") gets one wherever a Chinese character meets a letter, digit or symbol letter
///   (x₁, σ², ŷ); existing spaces stay.
public enum ChineseSpacing {
    /// What goes between two neighbouring characters.
    enum Gap {
        /// A space: a Chinese character beside a Latin letter or digit.
        case space
        /// No space: Chinese characters or full-width punctuation on both sides.
        case none
        /// Whatever the text has.
        case asWritten
    }

    static func gap(_ before: Character, _ after: Character) -> Gap {
        if isWide(before) && isWide(after) { return .none }
        if isHan(before) && isLatin(after) || isLatin(before) && isHan(after) { return .space }
        return .asWritten
    }

    /// `text` with each `{name}` replaced by `values[name]`, the template's spaces beside a
    /// placeholder dropped where the value meets a Chinese neighbour (`gap` is `.none`).
    public static func fill(_ text: String, with values: [String: String]) -> String {
        Phrase.fill(text, with: values) { result, value, rest in
            // The space before: between what precedes it and the value's first character.
            if result.hasSuffix(" "), let first = value.first, let before = result.dropLast().last, gap(before, first) == .none {
                result.removeLast()
            }
            result += value
            // The space after: between the value's last character and what follows it.
            if rest.hasPrefix(" "), let last = value.last, let after = rest.dropFirst().first, gap(last, after) == .none {
                rest = rest.dropFirst()
            }
        }
    }

    /// `text` with one space inserted wherever two neighbours want one (`gap` is `.space`);
    /// existing spaces and full-width punctuation stay.
    public static func spaced(_ text: String) -> String {
        var result = ""
        var previous: Character?
        for character in text {
            if let previous, gap(previous, character) == .space {
                result.append(" ")
            }
            result.append(character)
            previous = character
        }
        return result
    }

    /// A Chinese (Han) character.
    static func isHan(_ character: Character) -> Bool {
        character.unicodeScalars.first.map { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) } ?? false
    }

    /// A Chinese character or full-width punctuation (`，。：（）“”…`).
    static func isWide(_ character: Character) -> Bool {
        character.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0x3000...0x303F, 0xFF00...0xFFEF, 0x2018...0x201D: return true
            default: return false
            }
        }
    }

    /// A letter or digit of a Latin, Greek or symbol script (not Chinese, not full-width).
    static func isLatin(_ character: Character) -> Bool {
        (character.isLetter || character.isNumber) && !isWide(character)
    }
}

/// A book whose Chinese phrases fill their placeholders with `ChineseSpacing.fill` (figure
/// texts, whose values are often Chinese words, such as a layer's name).
public protocol SpacedPhraseBook: PhraseBook {}

extension SpacedPhraseBook {
    /// The entry's words in `edition` with every `{name}` filled in from `values`; in Chinese,
    /// no space is left between a Chinese value and a Chinese neighbour.
    public func callAsFunction(_ edition: Edition, _ values: [String: String]) -> String {
        edition == .zh ? ChineseSpacing.fill(phrase[edition], with: values) : Phrase.fill(phrase[edition], with: values)
    }
}

extension PhraseBook {
    /// The entry's words in `edition` with its placeholders filled from `values`, spaced as
    /// Chinese typography wants where a value meets Chinese words (`ChineseSpacing.spaced`).
    public func typeset(_ edition: Edition, _ values: [String: String] = [:]) -> String {
        let text = values.isEmpty ? self(edition) : self(edition, values)
        return edition == .zh ? ChineseSpacing.spaced(text) : text
    }
}
