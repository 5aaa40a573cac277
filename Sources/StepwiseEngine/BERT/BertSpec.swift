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

    /// Reads and checks a BERT spec file (not the checkpoint: `BertCheckpoint` does that).
    public static func load(contentsOf url: URL) throws -> BertSpec {
        guard case .bert(let spec) = try SpecFile.load(contentsOf: url) else {
            throw SpecError(file: url.path, location: "kind", message: "expected \"bert\"")
        }
        return spec
    }

    /// Reads the spec from its parsed document `root` (`SpecFile` has checked its `kind`);
    /// `url` is the spec file, whose folder a relative `checkpoint` starts from.
    static func read(_ root: SpecField, url: URL) throws -> BertSpec {
        let file = root.file
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
}
