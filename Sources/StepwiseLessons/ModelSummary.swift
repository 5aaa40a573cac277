import Foundation
import Plot
import StepwiseTrace
import StepwiseWords

/// The model's layers as Keras's `model.summary()` lists them: name and class, output shape
/// with `None` for the batch axis, parameter count, and the totals.
public struct ModelSummary: Equatable, Sendable {
    public struct Row: Equatable, Sendable {
        /// `hidden (Dense)`.
        public let layer: String
        /// `(None, 2)`.
        public let outputShape: String
        public let parameters: Int
    }

    public let model: String
    public let rows: [Row]
    public var totalParameters: Int { rows.reduce(0) { $0 + $1.parameters } }

    /// `parameterShapes` maps `"<layer>/<param>"` to its shape (a step's `params`).
    public init(model: String, architecture: Architecture, parameterShapes: [String: [Int]]) {
        self.model = model
        rows = architecture.layers.map { layer in
            let count = layer.params.reduce(0) { $0 + (parameterShapes["\(layer.name)/\($1)"]?.reduce(1, *) ?? 0) }
            return Row(layer: "\(layer.name) (\(Self.kerasClass(layer.type)))", outputShape: Self.shape(layer.outputShape), parameters: count)
        }
    }

    /// The Keras class of a spec layer type (`dense` → `Dense`).
    public static func kerasClass(_ type: String) -> String {
        switch type {
        case "dense": return "Dense"
        case "conv2d": return "Conv2D"
        case "max_pool2d": return "MaxPooling2D"
        case "avg_pool2d": return "AveragePooling2D"
        case "flatten": return "Flatten"
        case "lstm": return "LSTM"
        case "multi_head_attention": return "MultiHeadAttention"
        case "layer_norm": return "LayerNormalization"
        case "embedding": return "Embedding"
        case "positional_encoding": return "PositionalEncoding"
        default: return type
        }
    }

    /// `(None, 20, 50)`: one sample's shape after the batch axis.
    public static func shape(_ shape: [Int]) -> String {
        "(" + (["None"] + shape.map(String.init)).joined(separator: ", ") + ")"
    }

    /// The caption a summary gets when its lesson gives none: "Model: "xor", as Keras's
    /// model.summary() lists it (float64 parameters)".
    public static func caption(model: String, edition: Edition = .en) -> String {
        TableWords.summaryCaption(edition, ["model": model])
    }

    /// The summary as Keras prints it, as an HTML table (lessons' `stepwise-summary`, reports'
    /// model section): layer and class, output shape, parameter count, and the totals, with the
    /// headers and totals in `edition`'s words (the layer names, Keras classes and shapes stay).
    public func table(caption: String, edition: Edition = .en) -> Node<HTML.BodyContext> {
        let total = totalParameters
        let totals = ["count": Self.count(total), "memory": Self.memory(parameters: total)]
        let layerRows: [Node<HTML.TableContext>] = rows.map {
            .tr(.td(.literal($0.layer)), .td(.text($0.outputShape)), .td(.text(Self.count($0.parameters))))
        }
        return .div(.class("table-scroll"), .table(
            .class("values model-summary"),
            .caption(.literal(caption)),
            .thead(.tr(.th(.text(TableWords.layerHeader(edition))), .th(.text(TableWords.outputShapeHeader(edition))),
                       .th(.text(TableWords.parameterCountHeader(edition))))),
            .tbody(.group(layerRows)),
            .tfoot(.tr(.td(.attribute(named: "colspan", value: "3"), .text(TableWords.totalParameters(edition, totals)))),
                   .tr(.td(.attribute(named: "colspan", value: "3"), .text(TableWords.trainableParameters(edition, totals)))),
                   .tr(.td(.attribute(named: "colspan", value: "3"), .text(TableWords.nonTrainableParameters(edition)))))))
    }

    /// `1,234,567`, as Keras prints parameter counts.
    public static func count(_ number: Int) -> String {
        let digits = String(number)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }

    /// Memory of `parameters` float64 numbers as Keras writes sizes: `96.00 B`, `1.17 KB`.
    public static func memory(parameters: Int) -> String {
        var size = Double(parameters * 8)
        for unit in ["B", "KB", "MB", "GB"] {
            if size / 1024 < 1 { return String(format: "%.2f", size) + " " + unit }
            size /= 1024
        }
        return String(format: "%.2f", size) + " TB"
    }
}
