import Foundation

/// A WordPiece vocabulary from `vocab.txt`: one token a line, its id the line's index from 0
/// (as `transformers.load_vocab` reads it: a token listed twice keeps its later id).
public struct BertVocabulary: Sendable {
    /// The tokens in id order.
    public let tokens: [String]
    private let ids: [String: Int]

    /// The special tokens a BERT input needs.
    public static let unknown = "[UNK]", classification = "[CLS]", separator = "[SEP]"

    public let unknownID: Int
    public let classificationID: Int
    public let separatorID: Int

    /// Reads `vocab.txt` (UTF-8); `path` names it in errors.
    public static func read(_ data: Data, path: String) throws -> BertVocabulary {
        guard let text = String(data: data, encoding: .utf8) else {
            throw CheckpointError(file: path, message: "is not UTF-8 text")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if lines.last == "" { lines.removeLast() }
        return try BertVocabulary(tokens: lines, path: path)
    }

    public init(tokens: [String], path: String = "vocab.txt") throws {
        self.tokens = tokens
        var ids: [String: Int] = [:]
        for (id, token) in tokens.enumerated() { ids[token] = id }
        self.ids = ids
        func required(_ token: String) throws -> Int {
            guard let id = ids[token] else {
                throw CheckpointError(file: path, message: "has no \(token) token (a BERT vocabulary needs [UNK], [CLS] and [SEP])")
            }
            return id
        }
        unknownID = try required(Self.unknown)
        classificationID = try required(Self.classification)
        separatorID = try required(Self.separator)
    }

    public var count: Int { tokens.count }

    /// The id of `token`, or nil when the vocabulary lacks it.
    public func id(of token: String) -> Int? { ids[token] }
}
