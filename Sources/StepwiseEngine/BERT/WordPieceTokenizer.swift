import Foundation

/// BERT's uncased tokenizer, step for step as `transformers.BertTokenizer(do_lower_case=True)`
/// (its `BasicTokenizer`, then `WordpieceTokenizer`), on Unicode code points as Python sees them:
///
/// 1. clean-up: U+0000, U+FFFD and control characters (category C*, except tab, newline and
///    carriage return) dropped; whitespace (those three, space, category Zs) becomes a space;
/// 2. every CJK ideograph gets a space on each side (the Chinese-character blocks BERT lists);
/// 3. NFC normalisation, then split on whitespace;
/// 4. each word lower-cased, accents stripped (NFD, marks of category Mn dropped), and split so
///    that every punctuation character (ASCII symbols 33–47, 58–64, 91–96, 123–126 and category
///    P*) is a word of its own;
/// 5. WordPiece: each word split greedily into the longest vocabulary pieces from the left,
///    pieces after the first written `##piece`; a word it cannot cover, or longer than 100
///    code points, becomes `[UNK]` as a whole.
///
/// Special tokens typed in the text (`[MASK]`, `[SEP]`, …: BERT's five, exactly as written, when
/// the vocabulary has them) are kept whole and skip these steps, as in `BertTokenizer`.
/// `encode` adds `[CLS]` and `[SEP]`.
public struct WordPieceTokenizer: Sendable {
    public let vocabulary: BertVocabulary
    /// Longer words become `[UNK]` (BERT's `max_input_chars_per_word`).
    public static let maxWordLength = 100

    public init(vocabulary: BertVocabulary) {
        self.vocabulary = vocabulary
    }

    /// The pieces of `text` with `[CLS]` first and `[SEP]` last, and their ids.
    public func encode(_ text: String) -> (tokens: [String], ids: [Int]) {
        let pieces = tokenize(text)
        let tokens = [BertVocabulary.classification] + pieces + [BertVocabulary.separator]
        return (tokens, tokens.map { vocabulary.id(of: $0) ?? vocabulary.unknownID })
    }

    /// The WordPiece pieces of `text`, without `[CLS]` and `[SEP]`.
    public func tokenize(_ text: String) -> [String] {
        var pieces: [String] = []
        var rest = Substring(text)
        while let (special, range) = firstSpecialToken(in: rest) {
            pieces += Self.basicTokens(String(rest[..<range.lowerBound])).flatMap(wordPieces)
            pieces.append(special)
            rest = rest[range.upperBound...]
        }
        return pieces + Self.basicTokens(String(rest)).flatMap(wordPieces)
    }

    /// BERT's special tokens that a text may contain.
    static let specialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

    /// The earliest special token in `text` (of the vocabulary's), compared code point by code point.
    private func firstSpecialToken(in text: Substring) -> (String, Range<String.Index>)? {
        var best: (String, Range<String.Index>)?
        for token in Self.specialTokens where vocabulary.id(of: token) != nil {
            guard let range = text.range(of: token, options: .literal) else { continue }
            if best == nil || range.lowerBound < best!.1.lowerBound { best = (token, range) }
        }
        return best
    }

    // MARK: The basic tokenizer

    /// Steps 1–4: the words and punctuation marks of `text`, lower-cased and without accents.
    public static func basicTokens(_ text: String) -> [String] {
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value == 0 || scalar.value == 0xFFFD || isControl(scalar) { continue }
            if isWhitespace(scalar) {
                cleaned.append(" ")
            } else if isChineseCharacter(scalar) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        let normalized = String(cleaned).precomposedStringWithCanonicalMapping
        var words: [String] = []
        for word in splitOnWhitespace(normalized) {
            let lowered = stripAccents(word.lowercased())
            words.append(contentsOf: splitOnPunctuation(lowered))
        }
        return words
    }

    /// Python's `str.split()`: runs of whitespace separate words; none are empty.
    static func splitOnWhitespace(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                if !current.isEmpty { words.append(String(current)) }
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// NFD, then every nonspacing mark (category Mn) dropped.
    static func stripAccents(_ word: String) -> String {
        var kept = String.UnicodeScalarView()
        for scalar in word.decomposedStringWithCanonicalMapping.unicodeScalars
        where scalar.properties.generalCategory != .nonspacingMark {
            kept.append(scalar)
        }
        return String(kept)
    }

    /// Every punctuation character becomes a word of its own; the runs between stay whole.
    static func splitOnPunctuation(_ word: String) -> [String] {
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in word.unicodeScalars {
            if isPunctuation(scalar) {
                if !current.isEmpty { parts.append(String(current)) }
                parts.append(String(scalar))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { parts.append(String(current)) }
        return parts
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar.properties.generalCategory == .spaceSeparator
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\t" || scalar == "\n" || scalar == "\r" { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if (33...47).contains(value) || (58...64).contains(value) || (91...96).contains(value) || (123...126).contains(value) {
            return true
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// The CJK Unified Ideographs blocks BERT splits apart (not Hiragana, Katakana or Hangul).
    static func isChineseCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
             0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    // MARK: WordPiece

    /// Step 5: `word` as the longest vocabulary pieces from the left, or `[UNK]`.
    public func wordPieces(_ word: String) -> [String] {
        let scalars = Array(word.unicodeScalars)
        if scalars.count > Self.maxWordLength { return [BertVocabulary.unknown] }
        var pieces: [String] = []
        var start = 0
        while start < scalars.count {
            var end = scalars.count
            var found: String?
            while start < end {
                var piece = String(String.UnicodeScalarView(scalars[start..<end]))
                if start > 0 { piece = "##" + piece }
                if vocabulary.id(of: piece) != nil {
                    found = piece
                    break
                }
                end -= 1
            }
            guard let found else { return [BertVocabulary.unknown] }
            pieces.append(found)
            start = end
        }
        return pieces
    }
}
