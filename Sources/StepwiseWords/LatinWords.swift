/// Finds the Latin words in a Chinese text that a Chinese reader should not meet: every run of
/// two or more Latin letters except symbols, units and names (sigmoid, ReLU, BERT, …), which
/// stay Latin in the Chinese edition (`docs/chinese-edition.md`).
public enum LatinWords {
    /// Names, function symbols and units a Chinese text keeps in Latin letters.
    public static let allowed: Set<String> = [
        // Names of functions, methods, models, datasets and tools.
        "sigmoid", "tanh", "ReLU", "relu", "GELU", "gelu", "softmax", "Softmax", "LayerNorm",
        "Adam", "SGD", "Keras", "PyTorch", "TensorFlow", "Stepwise", "stepwise", "Cairo", "Pango",
        "BERT", "MiniLM", "WordPiece", "LSTM", "CNN", "RNN", "GAN", "MLP", "XOR", "CIFAR",
        "Transformer", "MSE", "BCE", "CLS", "SEP", "UNK", "PAD", "MASK", "NaN", "Inf",
        "PNG", "SVG", "PDF", "HTML", "YAML", "JSON", "CPU", "FMA",
        // Names the course's Chinese pages mention: people (authors of the methods and of the
        // primer's examples), languages, libraries, tools and models.
        "Mazur", "Matt", "McCulloch", "Pitts", "Rosenblatt", "Vaswani", "Devlin", "Goodfellow",
        "Hochreiter", "Schmidhuber", "Kingma", "Ba", "Wasserstein", "Google", "GPT", "AdamW",
        "Python", "NumPy", "Playground", "bertviz",
        // Python's None in Keras shapes such as (None, 5, 8).
        "None",
        // Function symbols of formulas, and symbols the prose writes in them (QKᵀ, dL_G/dG(z)).
        "ln", "log", "exp", "max", "min", "sin", "cos", "sqrt", "argmax", "diag", "sign",
        "QK", "dL", "dG",
        // Units.
        "px", "ms", "KB", "MB", "GB",
    ]

    /// The Latin words of `text` (Pango or HTML markup and entities ignored) that are neither
    /// in `allowed` nor in `extra` (data shown as it is, such as a sentence's tokens).
    public static func unexpected(in text: String, allowing extra: Set<String> = []) -> [String] {
        words(in: plainText(text)).filter { $0.count > 1 && !allowed.contains($0) && !extra.contains($0) }
    }

    /// `text` without markup tags and entities (each replaced by a space).
    public static func plainText(_ text: String) -> String {
        var result = ""
        var inTag = false, inEntity = false
        for character in text {
            switch character {
            case "<" where !inEntity: inTag = true; result.append(" ")
            case ">" where inTag: inTag = false
            case "&" where !inTag: inEntity = true; result.append(" ")
            case ";" where inEntity: inEntity = false
            default:
                if inEntity, !(character.isLetter || character.isNumber || character == "#") { inEntity = false }
                if !inTag && !inEntity { result.append(character) }
            }
        }
        return result
    }

    /// The runs of ASCII letters in `text`.
    public static func words(in text: String) -> [String] {
        var words: [String] = [], current = ""
        for scalar in text.unicodeScalars {
            if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Whether `text` holds a Chinese (Han) character.
    public static func hasHan(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) }
    }
}
