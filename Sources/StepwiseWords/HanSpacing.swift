/// Chinese spacing at a placeholder's edges: a Chinese phrase writes a space on each side of a
/// placeholder (`第 {n} 步`), which is right when the value starts or ends with a Latin letter
/// or a digit; when the value meets a Chinese character or full-width punctuation there, the
/// space goes (`{layer} 按` with "隐藏层" gives "隐藏层按", with "LSTM 层 1" "LSTM 层 1 按").
/// Only the spaces the template wrote next to a placeholder are touched, never the value's own.
public enum HanSpacing {
    /// `text` with each `{name}` replaced by `values[name]`, spaced as above.
    public static func fill(_ text: String, with values: [String: String]) -> String {
        Phrase.fill(text, with: values) { result, value, rest in
            // The space before: between what precedes it and the value's first character.
            if result.hasSuffix(" "), let first = value.first, isWide(first), let before = result.dropLast().last, isWide(before) {
                result.removeLast()
            }
            result += value
            // The space after: between the value's last character and what follows it.
            if rest.hasPrefix(" "), let last = value.last, isWide(last), let after = rest.dropFirst().first, isWide(after) {
                rest = rest.dropFirst()
            }
        }
    }

    /// A Chinese character or full-width punctuation (`，。：（）“”…`).
    public static func isWide(_ character: Character) -> Bool {
        character.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0x3000...0x303F, 0xFF00...0xFFEF, 0x2018...0x201D: return true
            default: return false
            }
        }
    }
}

/// A book whose Chinese phrases fill their placeholders with `HanSpacing` (figure texts, whose
/// values are often Chinese words, such as a layer's name).
public protocol SpacedPhraseBook: PhraseBook {}

extension SpacedPhraseBook {
    /// The entry's words in `edition` with every `{name}` filled in from `values`; in Chinese,
    /// no space is left between a Chinese value and a Chinese neighbour.
    public func callAsFunction(_ edition: Edition, _ values: [String: String]) -> String {
        edition == .zh ? HanSpacing.fill(phrase[edition], with: values) : Phrase.fill(phrase[edition], with: values)
    }
}
