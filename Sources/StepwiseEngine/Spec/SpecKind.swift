import Foundation

/// The top-level `kind` of a spec document: absent for a model spec, `"gan"` for a GAN spec
/// (`GANSpec`). `SpecFile` reads a file as whichever kind it declares.
enum SpecKind {
    /// The document's `kind` field, if it has one.
    static func field(of root: SpecField) -> SpecField? {
        guard case .mapping(let mapping) = root.node else { return nil }
        for (key, value) in mapping where key.scalar?.string == "kind" { return root.child("kind", value) }
        return nil
    }
}

/// A spec file of any kind, as `stepwise trace`, `report` and `bench` read it.
public enum SpecFile: Sendable {
    case model(ModelSpec)
    case gan(GANSpec)

    /// Reads and checks a spec file (see `ModelSpec.load`), dispatching on its `kind`.
    public static func load(contentsOf url: URL, allowLarge: Bool = false, memoryCeiling: Double? = nil) throws -> SpecFile {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw SpecError(file: url.path, location: "", message: "cannot be read as UTF-8 text")
        }
        return try parse(text, file: url.path, defaultName: url.deletingPathExtension().lastPathComponent,
                         allowLarge: allowLarge, memoryCeiling: memoryCeiling)
    }

    /// Reads and checks a spec from text; `file` names it in errors.
    public static func parse(
        _ text: String, file: String, defaultName: String = "model", allowLarge: Bool = false, memoryCeiling: Double? = nil
    ) throws -> SpecFile {
        let root = try ModelSpec.document(text, file: file)
        guard let kindField = SpecKind.field(of: root) else {
            return .model(try ModelSpec.read(root, defaultName: defaultName, allowLarge: allowLarge, memoryCeiling: memoryCeiling))
        }
        _ = try kindField.choice(["gan"])
        return .gan(try GANSpec.read(root, defaultName: defaultName, allowLarge: allowLarge,
                                     memoryCeiling: memoryCeiling ?? WorkingMemory.machineCeilingBytes))
    }

    /// The spec's name.
    public var name: String {
        switch self {
        case .model(let spec): return spec.name
        case .gan(let spec): return spec.name
        }
    }
}
