/// An edition of the course: the language every word a reader sees is written in.
public enum Edition: String, CaseIterable, Sendable, Codable, Hashable {
    /// English, the course's first edition (`output/`).
    case en
    /// Simplified Chinese, the primer's language (`output/zh/`).
    case zh

    /// The value of an HTML `lang` attribute.
    public var htmlTag: String {
        switch self {
        case .en: return "en"
        case .zh: return "zh-CN"
        }
    }

    /// The language's own name, as a language switch shows it.
    public var nativeName: String {
        switch self {
        case .en: return "English"
        case .zh: return "中文"
        }
    }

    /// The language a command-line `--lang` value names, or nil.
    public init?(option: String) {
        switch option.lowercased() {
        case "en", "english": self = .en
        case "zh", "zh-cn", "zh-hans", "chinese": self = .zh
        default: return nil
        }
    }

    /// A list in running text: "a, b and c" / "a、b 和 c".
    public func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        let head = items.dropLast()
        switch self {
        case .en: return head.joined(separator: ", ") + " and " + items[items.count - 1]
        case .zh: return head.joined(separator: "、") + " 和 " + items[items.count - 1]
        }
    }
}
