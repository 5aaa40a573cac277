import StepwiseTrace

/// One network's `layers` as a spec gives them, read and checked layer by layer against the
/// shape that reaches each: a model spec has one, a GAN spec two (`generator.layers`,
/// `discriminator.layers`).
struct NetworkSpec {
    var layers: [any Layer]
    /// Weights the spec gave, keyed `"<layer>/<param>"`.
    var weights: [String: Tensor]
    var parameterCount: Int
    /// One sample's output shape.
    var outputShape: [Int]
    /// Each layer's field, for errors that name a layer.
    var layerFields: [SpecField]
}

enum NetworkSpecReader {
    /// Reads the list `layersField` for one sample's `inputShape`: names unique, given weights
    /// of the right shapes, every size checked before it sizes anything.
    static func read(_ layersField: SpecField, inputShape: [Int]) throws -> NetworkSpec {
        let layerFields = try layersField.list()
        guard !layerFields.isEmpty else { throw layersField.error("expected at least one layer, found none") }
        var layers: [any Layer] = []
        var weights: [String: Tensor] = [:]
        var namesSeen: [String: Int] = [:]
        var shape = inputShape
        var parameterCount = 0
        for (index, field) in layerFields.enumerated() {
            let layer = try LayerSpecReader.read(field, index: index, inputShape: shape)
            _ = try SpecName.checked(layer.name, at: field.child("name", field.node))
            if let earlier = namesSeen[layer.name] {
                throw field.child("name", field.node).error("\"\(Excerpt(layer.name))\" is already the name of layers[\(earlier)]")
            }
            namesSeen[layer.name] = index
            let parameterShapes = layer.parameterShapes(for: shape)
            let sizeField = LayerSpecReader.sizeField(field)
            for (_, parameterShape) in parameterShapes {
                guard let count = CheckedSize.product(parameterShape),
                      let total = CheckedSize.sum(parameterCount, count) else {
                    throw sizeField.error("\(CheckedSize.spelled(parameterShape)) values do not fit")
                }
                parameterCount = total
            }
            if case .mapping(let mapping) = field.node, let weightsNode = mapping["weights"] {
                let weightsObject = try field.child("weights", weightsNode).object(allowed: parameterShapes.map(\.name))
                for (param, expected) in parameterShapes {
                    guard let tensorField = weightsObject.optional(param) else { continue }
                    let tensor = try tensorField.tensor()
                    guard tensor.shape == expected else {
                        throw tensorField.error("expected shape \(expected), found \(tensor.shape)")
                    }
                    weights["\(layer.name)/\(param)"] = tensor
                }
            }
            layers.append(layer)
            shape = layer.outputShape(for: shape)
            guard CheckedSize.product(shape) != nil else {
                throw sizeField.error("an output of \(CheckedSize.spelled(shape)) values does not fit")
            }
        }
        return NetworkSpec(layers: layers, weights: weights, parameterCount: parameterCount, outputShape: shape,
                           layerFields: layerFields)
    }
}
