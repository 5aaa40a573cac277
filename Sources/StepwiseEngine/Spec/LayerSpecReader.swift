import StepwiseTrace
/// Reads one entry of a spec's `layers` into a layer, checking it against its input shape.
enum LayerSpecReader {
    /// Every layer type of the contract; the engine builds them all.
    static let knownTypes = ["dense", "conv2d", "max_pool2d", "avg_pool2d", "flatten", "lstm",
                             "multi_head_attention", "positional_encoding", "layer_norm", "embedding"]

    /// Reads `layers[index]`, whose input has one sample's shape `inputShape`.
    static func read(_ field: SpecField, index: Int, inputShape: [Int]) throws -> any Layer {
        guard case .mapping(let mapping) = field.node else { throw field.error("expected an object, found \(field.shown)") }
        guard let typeNode = mapping["type"] else { throw field.child("type", .scalar(.init(""))).error("missing required field") }
        let typeField = field.child("type", typeNode)
        let type = try typeField.choice(knownTypes)
        let defaultName = "\(type)\(index)"
        switch type {
        case "lstm", "multi_head_attention", "positional_encoding", "layer_norm", "embedding":
            return try SequenceLayerSpecReader.read(field, type: type, index: index, defaultName: defaultName, inputShape: inputShape)
        case "conv2d":
            return try readConv2D(field, defaultName: defaultName, inputShape: inputShape)
        case "max_pool2d", "avg_pool2d":
            return try readPooling(field, type: type, defaultName: defaultName, inputShape: inputShape)
        case "flatten":
            let object = try field.object(allowed: ["type", "name"])
            return Flatten(name: try object.optional("name")?.string() ?? defaultName)
        default:
            return try readDense(field, defaultName: defaultName, inputShape: inputShape)
        }
    }

    /// The field that sets a layer's size (`units`, `filters`, …), which a size error names;
    /// the layer itself when it has none.
    static func sizeField(_ field: SpecField) -> SpecField {
        guard case .mapping(let mapping) = field.node else { return field }
        for key in ["units", "filters", "key_dim", "output_dim"] {
            if let node = mapping[key] { return field.child(key, node) }
        }
        return field
    }

    private static func readDense(_ field: SpecField, defaultName: String, inputShape: [Int]) throws -> Dense {
        let object = try field.object(allowed: ["type", "name", "units", "activation", "regularizer", "weights"])
        guard !inputShape.isEmpty else { throw field.error("dense needs an input with at least one axis, found shape []") }
        return Dense(name: try object.optional("name")?.string() ?? defaultName,
                     units: try object.required("units").positiveInteger(),
                     activation: try activation(object.optional("activation")),
                     regularizer: try regularizer(object.optional("regularizer")))
    }

    private static func readConv2D(_ field: SpecField, defaultName: String, inputShape: [Int]) throws -> Conv2D {
        let object = try field.object(allowed: ["type", "name", "filters", "kernel_size", "strides", "padding",
                                                "activation", "regularizer", "weights"])
        try requireImage(field, type: "conv2d", inputShape: inputShape)
        let padding = Padding(rawValue: try object.optional("padding")?.choice(Padding.allCases.map(\.rawValue)) ?? "valid")!
        let kernelField = try object.required("kernel_size")
        let kernelSize = try pair(kernelField)
        if padding == .valid { try requireWindow(kernelSize, kernelField, fitsIn: inputShape) }
        let stridesField = object.optional("strides")
        let strides = try stridesField.map(pair) ?? [1, 1]
        // `same` padding adds the kernel and the stride to the image size.
        let windowSizes: [([Int], SpecField?)] = [(kernelSize, kernelField), (strides, stridesField)]
        for (sizes, sizesField) in windowSizes {
            for axis in 0..<2 where CheckedSize.sum(inputShape[axis], sizes[axis]) == nil {
                throw (sizesField ?? field).error("\(inputShape[axis]) + \(sizes[axis]) does not fit")
            }
        }
        return Conv2D(name: try object.optional("name")?.string() ?? defaultName,
                      filters: try object.required("filters").positiveInteger(),
                      kernelSize: kernelSize,
                      strides: strides,
                      padding: padding,
                      activation: try activation(object.optional("activation")),
                      regularizer: try regularizer(object.optional("regularizer")))
    }

    private static func readPooling(_ field: SpecField, type: String, defaultName: String, inputShape: [Int]) throws -> any Layer {
        let object = try field.object(allowed: ["type", "name", "pool_size", "strides", "padding"])
        try requireImage(field, type: type, inputShape: inputShape)
        _ = try object.optional("padding")?.choice([Padding.valid.rawValue])
        let poolField = try object.required("pool_size")
        let poolSize = try pair(poolField)
        try requireWindow(poolSize, poolField, fitsIn: inputShape)
        let name = try object.optional("name")?.string() ?? defaultName
        let strides = try object.optional("strides").map(pair) ?? poolSize
        return Pool2D(Pool2D.Kind(rawValue: type)!, name: name, poolSize: poolSize, strides: strides)
    }

    /// Image layers take one sample of shape `[height, width, channels]`.
    private static func requireImage(_ field: SpecField, type: String, inputShape: [Int]) throws {
        guard inputShape.count == 3 else {
            throw field.error("\(type) needs an input of shape [height, width, channels], found \(inputShape)")
        }
    }

    /// A window without padding must fit in the input image.
    private static func requireWindow(_ window: [Int], _ field: SpecField, fitsIn inputShape: [Int]) throws {
        let image = Array(inputShape.prefix(2))
        guard window[0] <= image[0] && window[1] <= image[1] else {
            throw field.error("expected at most \(image) (the input's height and width), found \(window)")
        }
    }

    /// `[height, width]`: two positive integers, or one standing for both (as Keras allows).
    private static func pair(_ field: SpecField) throws -> [Int] {
        guard case .sequence = field.node else {
            let value = try field.positiveInteger()
            return [value, value]
        }
        let values = try field.positiveIntegers()
        guard values.count == 2 else { throw field.error("expected two positive integers [height, width], found \(values)") }
        return values
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
