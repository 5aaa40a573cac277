/// Reads one entry of a spec's `layers` into a layer, checking it against its input shape.
enum LayerSpecReader {
    /// Every layer type of the contract.
    static let knownTypes = ["dense", "conv2d", "max_pool2d", "avg_pool2d", "flatten", "lstm",
                             "multi_head_attention", "positional_encoding", "layer_norm", "embedding"]
    /// The ones this engine builds so far.
    static let supportedTypes = ["dense", "lstm", "multi_head_attention", "positional_encoding", "layer_norm", "embedding"]

    /// Reads `layers[index]`, whose input has one sample's shape `inputShape`.
    static func read(_ field: SpecField, index: Int, inputShape: [Int]) throws -> any Layer {
        guard case .mapping(let mapping) = field.node else { throw field.error("expected an object, found \(field.shown)") }
        guard let typeNode = mapping["type"] else { throw field.child("type", .scalar(.init(""))).error("missing required field") }
        let typeField = field.child("type", typeNode)
        let type = try typeField.choice(knownTypes)
        guard supportedTypes.contains(type) else {
            throw typeField.error("layer type \"\(type)\" is not supported yet (supported: \(supportedTypes.joined(separator: ", ")))")
        }
        let defaultName = "\(type)\(index)"
        switch type {
        case "lstm", "multi_head_attention", "positional_encoding", "layer_norm", "embedding":
            return try SequenceLayerSpecReader.read(field, type: type, index: index, defaultName: defaultName, inputShape: inputShape)
        default:
            return try readDense(field, defaultName: defaultName, inputShape: inputShape)
        }
    }

    private static func readDense(_ field: SpecField, defaultName: String, inputShape: [Int]) throws -> Dense {
        let object = try field.object(allowed: ["type", "name", "units", "activation", "regularizer", "weights"])
        guard !inputShape.isEmpty else { throw field.error("dense needs an input with at least one axis, found shape []") }
        return Dense(name: try object.optional("name")?.string() ?? defaultName,
                     units: try object.required("units").positiveInteger(),
                     activation: try activation(object.optional("activation")),
                     regularizer: try regularizer(object.optional("regularizer")))
    }

    static func activation(_ field: SpecField?) throws -> Activation {
        guard let field else { return .linear }
        return Activation(rawValue: try field.choice(Activation.allCases.map(\.rawValue)))!
    }

    static func regularizer(_ field: SpecField?) throws -> Regularizer? {
        guard let field else { return nil }
        let object = try field.object(allowed: ["l1", "l2"])
        func factor(_ key: String) throws -> Double {
            guard let value = object.optional(key) else { return 0 }
            let number = try value.number()
            guard number >= 0 else { throw value.error("expected a number ≥ 0, found \(value.shown)") }
            return number
        }
        return Regularizer(l1: try factor("l1"), l2: try factor("l2"))
    }
}
