import Foundation
import Plot
import StepwiseTrace

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

    /// The summary as Keras prints it, as an HTML table (lessons' `stepwise-summary`, reports'
    /// model section): layer and class, output shape, parameter count, and the totals.
    public func table(caption: String) -> Node<HTML.BodyContext> {
        let total = totalParameters
        let memory = Self.memory(parameters: total)
        let layerRows: [Node<HTML.TableContext>] = rows.map {
            .tr(.td(.literal($0.layer)), .td(.text($0.outputShape)), .td(.text(Self.count($0.parameters))))
        }
        return .div(.class("table-scroll"), .table(
            .class("values model-summary"),
            .caption(.literal(caption)),
            .thead(.tr(.th("Layer (type)"), .th("Output Shape"), .th("Param #"))),
            .tbody(.group(layerRows)),
            .tfoot(.tr(.td(.attribute(named: "colspan", value: "3"), .text("Total params: \(Self.count(total)) (\(memory))"))),
                   .tr(.td(.attribute(named: "colspan", value: "3"), .text("Trainable params: \(Self.count(total)) (\(memory))"))),
                   .tr(.td(.attribute(named: "colspan", value: "3"), .text("Non-trainable params: 0 (0.00 B)"))))))
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
