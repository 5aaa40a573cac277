import Foundation
import StepwiseTrace
import Yams

/// A BERT spec (model-spec.md, "BERT specs"): `{"name", "kind": "bert", "checkpoint", "text"}`.
/// `checkpoint` is a folder, relative to the spec file's folder or absolute.
public struct BertSpec: Sendable {
    public var name: String
    public var checkpoint: URL
    /// The checkpoint as the spec wrote it, for messages.
    public var checkpointShown: String
    public var text: String
    /// The spec file, for messages.
    public var file: String

    /// True when the spec file at `url` declares `"kind": "bert"` (read without checking the rest;
    /// a file without the word is not parsed at all, so a large model spec is not read twice).
    public static func declaresBert(_ url: URL) -> Bool {
        guard let text = try? String(contentsOf: url, encoding: .utf8), text.contains("bert"),
              let root = try? documentNode(text, file: url.path),
              case .mapping(let mapping) = root else { return false }
        return mapping.contains { key, value in key.scalar?.string == "kind" && value.scalar?.string == "bert" }
    }

    /// Reads and checks a BERT spec file (not the checkpoint: `BertCheckpoint` does that).
    public static func load(contentsOf url: URL) throws -> BertSpec {
        let file = url.path
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw SpecError(file: file, location: "", message: "cannot be read as UTF-8 text")
        }
        let root = SpecField(node: try documentNode(text, file: file), path: "", file: file)
        let object = try root.object(allowed: ["name", "kind", "checkpoint", "text"])
        _ = try object.required("kind").choice(["bert"])
        let name = try object.optional("name").map { try SpecName.checked($0.string(), at: $0) }
            ?? url.deletingPathExtension().lastPathComponent
        let checkpointField = try object.required("checkpoint")
        let checkpoint = try checkpointField.string()
        let textField = try object.required("text")
        guard case .scalar(let scalar) = textField.node else { throw textField.error("expected a string, found \(textField.shown)") }
        guard !scalar.string.isEmpty else { throw textField.error("expected some text, found none") }
        let folder = checkpoint.hasPrefix("/")
            ? URL(fileURLWithPath: checkpoint)
            : url.deletingLastPathComponent().appendingPathComponent(checkpoint)
        return BertSpec(name: name, checkpoint: folder, checkpointShown: checkpoint, text: scalar.string, file: file)
    }

    /// The document's root node: JSON for a `.json` file, YAML otherwise (as `ModelSpec`).
    private static func documentNode(_ text: String, file: String) throws -> Node {
        if file.lowercased().hasSuffix(".json") { return try JSONSpecDocument.node(text, file: file) }
        do {
            guard let node = try Yams.compose(yaml: text) else { throw SpecError(file: file, location: "", message: "the file is empty") }
            return node
        } catch let error as YamlError {
            throw SpecError(file: file, location: "", message: "malformed JSON/YAML: \(OneLine.escaped(String(describing: error)))")
        }
    }
}
