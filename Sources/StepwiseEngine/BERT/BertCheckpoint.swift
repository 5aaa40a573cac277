import Foundation

/// A pretrained BERT read from a Hugging Face checkpoint folder: `config.json`, `vocab.txt`,
/// `model.safetensors`, and optionally the sentence-transformers `modules.json` and
/// `1_Pooling/config.json`. Every weight the encoder uses is checked against the config's sizes
/// and converted to Double once, here; tensor names may carry a `bert.` prefix (as in
/// bert-base-uncased), and LayerNorm's `weight`/`bias` may be spelled `gamma`/`beta`.
public final class BertCheckpoint: @unchecked Sendable {
    /// The folder as the user wrote it, for messages.
    public let shownAs: String
    public let config: BertConfig
    public let vocabulary: BertVocabulary
    public let tokenizer: WordPieceTokenizer
    /// The weights the encoder uses, keyed by their names in the file (prefix included),
    /// in the file's layout (`torch.nn.Linear`: `[out, in]`).
    public let weights: [String: Tensor]
    /// `""` or `"bert."`: what the file's tensor names start with.
    public let prefix: String
    /// True when the file has `pooler.dense` (BERT's [CLS] pooler).
    public let hasPooler: Bool
    /// How sentence-transformers pools token vectors into a sentence vector, when configured.
    public let sentencePooling: SentencePooling?

    /// Mean pooling over the tokens, then (when `modules.json` lists `Normalize`) division by the
    /// Euclidean length.
    public struct SentencePooling: Equatable, Sendable {
        public var normalize: Bool
    }

    /// Reads and checks the folder at `url`; `shownAs` is how errors name it.
    public init(folder url: URL, shownAs: String) throws {
        self.shownAs = shownAs
        let (config, tokenizer) = try Self.readTokenizer(folder: url, shownAs: shownAs)
        let weightsFile = Self.file("model.safetensors", in: url, shownAs: shownAs)
        guard FileManager.default.fileExists(atPath: weightsFile.url.path) else {
            throw CheckpointError(file: weightsFile.shown, message: "missing (a checkpoint folder holds config.json, vocab.txt and model.safetensors)")
        }
        let safetensors = try SafetensorsFile(url: weightsFile.url, shownAs: weightsFile.shown)
        let prefix = safetensors.entries["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
        let hasPooler = safetensors.entries[prefix + "pooler.dense.weight"] != nil
        var weights: [String: Tensor] = [:]
        for (name, shape) in Self.expectedShapes(config, pooler: hasPooler) {
            let stored = Self.storedName(prefix + name, in: safetensors)
            guard let entry = safetensors.entries[stored] else {
                throw CheckpointError(file: weightsFile.shown, location: prefix + name, message: "missing tensor")
            }
            guard entry.shape == shape else {
                throw CheckpointError(file: weightsFile.shown, location: stored,
                                      message: "expected shape \(shape) (from config.json), found \(entry.shape)")
            }
            weights[prefix + name] = try safetensors.tensor(stored)
        }
        self.config = config
        self.vocabulary = tokenizer.vocabulary
        self.tokenizer = tokenizer
        self.weights = weights
        self.prefix = prefix
        self.hasPooler = hasPooler
        self.sentencePooling = try Self.readPooling(folder: url, shownAs: shownAs)
    }

    /// Reads and checks only `config.json` and `vocab.txt`: what tokenising needs.
    public static func readTokenizer(folder url: URL, shownAs: String) throws -> (BertConfig, WordPieceTokenizer) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw CheckpointError(file: shownAs, message: "checkpoint folder not found (run scripts/fetch-model for the course's model)")
        }
        guard isFolder.boolValue else { throw CheckpointError(file: shownAs, message: "expected a checkpoint folder, found a file") }
        func contents(_ name: String) throws -> (Data, String) {
            let (fileURL, shown) = file(name, in: url, shownAs: shownAs)
            guard FileManager.default.fileExists(atPath: fileURL.path) else {
                throw CheckpointError(file: shown, message: "missing (a checkpoint folder holds config.json, vocab.txt and model.safetensors)")
            }
            guard let data = try? Data(contentsOf: fileURL) else { throw CheckpointError(file: shown, message: "cannot be read") }
            return (data, shown)
        }
        let (configData, configShown) = try contents("config.json")
        let config = try BertConfig.read(configData, path: configShown)
        let (vocabData, vocabShown) = try contents("vocab.txt")
        let vocabulary = try BertVocabulary.read(vocabData, path: vocabShown)
        guard vocabulary.count == config.vocabSize else {
            throw CheckpointError(file: vocabShown, message: "has \(vocabulary.count) tokens, but config.json's vocab_size is \(config.vocabSize)")
        }
        return (config, WordPieceTokenizer(vocabulary: vocabulary))
    }

    /// The tokens and ids of `text` with [CLS] and [SEP]; refuses empty text and more tokens than
    /// the position table holds. `field` names the text in errors (`spec.json: text`).
    public static func encode(
        _ text: String, tokenizer: WordPieceTokenizer, config: BertConfig, file: String, field: String
    ) throws -> (tokens: [String], ids: [Int]) {
        guard !text.isEmpty else { throw CheckpointError(file: file, location: field, message: "expected some text, found none") }
        let encoded = tokenizer.encode(text)
        guard encoded.tokens.count <= config.maxPositions else {
            throw CheckpointError(file: file, location: field,
                                  message: "\(encoded.tokens.count) tokens (with [CLS] and [SEP]) are more than max_position_embeddings, \(config.maxPositions)")
        }
        return encoded
    }

    /// A file of the folder: its URL and how messages name it.
    private static func file(_ name: String, in folder: URL, shownAs: String) -> (url: URL, shown: String) {
        (folder.appendingPathComponent(name), (shownAs as NSString).appendingPathComponent(name))
    }

    /// The tensor the encoder calls `name` (without the prefix).
    public func weight(_ name: String) -> Tensor {
        guard let tensor = weights[prefix + name] else { preconditionFailure("checkpoint weight \(name) was not loaded") }
        return tensor
    }

    /// LayerNorm's `weight`/`bias` under their older names `gamma`/`beta` when only those exist.
    private static func storedName(_ name: String, in file: SafetensorsFile) -> String {
        guard file.entries[name] == nil, name.contains("LayerNorm.") else { return name }
        let older = name.hasSuffix(".weight") ? String(name.dropLast(6)) + "gamma"
            : name.hasSuffix(".bias") ? String(name.dropLast(4)) + "beta" : name
        return file.entries[older] != nil ? older : name
    }

    /// Every tensor the encoder reads, with the shape the config implies.
    static func expectedShapes(_ config: BertConfig, pooler: Bool) -> [(String, [Int])] {
        let d = config.hiddenSize, inner = config.intermediateSize
        var shapes: [(String, [Int])] = [
            ("embeddings.word_embeddings.weight", [config.vocabSize, d]),
            ("embeddings.position_embeddings.weight", [config.maxPositions, d]),
            ("embeddings.token_type_embeddings.weight", [config.typeVocabSize, d]),
            ("embeddings.LayerNorm.weight", [d]), ("embeddings.LayerNorm.bias", [d]),
        ]
        for layer in 0..<config.layerCount {
            let at = "encoder.layer.\(layer)."
            for role in ["query", "key", "value"] {
                shapes += [(at + "attention.self.\(role).weight", [d, d]), (at + "attention.self.\(role).bias", [d])]
            }
            shapes += [
                (at + "attention.output.dense.weight", [d, d]), (at + "attention.output.dense.bias", [d]),
                (at + "attention.output.LayerNorm.weight", [d]), (at + "attention.output.LayerNorm.bias", [d]),
                (at + "intermediate.dense.weight", [inner, d]), (at + "intermediate.dense.bias", [inner]),
                (at + "output.dense.weight", [d, inner]), (at + "output.dense.bias", [d]),
                (at + "output.LayerNorm.weight", [d]), (at + "output.LayerNorm.bias", [d]),
            ]
        }
        if pooler { shapes += [("pooler.dense.weight", [d, d]), ("pooler.dense.bias", [d])] }
        return shapes
    }

    /// Mean pooling when `modules.json` lists a Pooling module whose config asks for exactly
    /// `pooling_mode_mean_tokens`; nil when the folder has no such module (other pooling modes
    /// are not run).
    private static func readPooling(folder: URL, shownAs: String) throws -> SentencePooling? {
        let modulesURL = folder.appendingPathComponent("modules.json")
        guard let data = try? Data(contentsOf: modulesURL) else { return nil }
        let shown = (shownAs as NSString).appendingPathComponent("modules.json")
        guard let modules = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw CheckpointError(file: shown, message: "expected a list of {\"type\", \"path\"} objects")
        }
        let types = modules.map { ($0["type"] as? String) ?? "" }
        guard let pooling = modules.first(where: { (($0["type"] as? String) ?? "").hasSuffix(".Pooling") }) else { return nil }
        let path = (pooling["path"] as? String) ?? ""
        guard !path.contains(".."), !path.hasPrefix("/") else {
            throw CheckpointError(file: shown, location: "path", message: "expected a folder inside the checkpoint, found \"\(path)\"")
        }
        let configURL = folder.appendingPathComponent(path).appendingPathComponent("config.json")
        let configShown = (shownAs as NSString).appendingPathComponent(path + "/config.json")
        guard let configData = try? Data(contentsOf: configURL),
              let config = try? JSONSerialization.jsonObject(with: configData) as? [String: Any] else {
            throw CheckpointError(file: configShown, message: "missing or not a JSON object (modules.json lists a Pooling module)")
        }
        let modes = config.filter { $0.key.hasPrefix("pooling_mode_") && ($0.value as? Bool) == true }.map(\.key)
        guard modes == ["pooling_mode_mean_tokens"] else { return nil }
        return SentencePooling(normalize: types.contains { $0.hasSuffix(".Normalize") })
    }
}
