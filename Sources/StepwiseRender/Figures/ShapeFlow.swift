import Foundation
import StepwiseTrace
import StepwiseWords

/// The shape of the data as it flows through a network, read from the trace's architecture:
/// one block per layer (and the input), left to right, each drawn as a box whose face is as tall
/// as its maps' side (a flat vector's: √length) and whose depth grows with the channels, labelled
/// with what the layer does in a learner's words, its output shape and its parameter count.
public enum ShapeFlow {
    /// One block of the diagram: what it is, its shape (no batch axis), its parameters.
    struct Block {
        var words: [String]
        var shape: [Int]
        var parameters: Int
        var scope: String?
    }

    /// Pixels per map side (and per √length of a flat vector).
    static let pixelsPerSide = 3.5

    public static func figure(trace: Trace, step: Int? = nil, measurer: TextMeasurer = .pango, edition: Edition = .en) throws -> Figure {
        let lookup = try TraceLookup(trace, step: step)
        let architecture = trace.architecture
        guard !architecture.layers.isEmpty else { throw RenderError.invalidInput("\(trace.model): the architecture lists no layers") }
        var blocks = [Block(words: [CommonWords.input(edition)], shape: architecture.inputShape, parameters: 0, scope: nil)]
        for layer in architecture.layers {
            let count = layer.params.reduce(0) { total, name in
                total + (lookup.step.params["\(layer.name)/\(name)"]?.before.shape.reduce(1, *) ?? 0)
            }
            blocks.append(Block(words: words(layer, isLast: layer.name == architecture.layers.last?.name, edition: edition), shape: layer.outputShape,
                                parameters: count, scope: layer.name))
        }

        var builder = FigureBuilder(measurer: measurer)
        let total = blocks.map(\.parameters).reduce(0, +)
        let title = NetworkWords.shapeFlowTitle(edition)
        let top = builder.title(title, subtitle: NetworkWords.shapeFlowSubtitle(edition, ["trace": Markup.escape(trace.model), "total": grouped(total)]))
        let sizes = blocks.map(boxSize)
        let tallest = sizes.map { $0.face.height + $0.depth * 0.6 }.max() ?? 0
        let baseline = top + 14 + tallest   // the bottom of every box's front face
        let gap = 30.0
        var x = Style.margin
        var right = x
        var labelBottom = baseline
        for (index, block) in blocks.enumerated() {
            let size = sizes[index]
            let lines = labelLines(block, edition: edition)
            let labelWidth = lines.map { measurer.width($0.text, size: Style.smallSize, bold: $0.bold) }.max() ?? 0
            let boxWidth = size.face.width + size.depth
            let column = max(boxWidth, labelWidth)
            let face = Rect(x: x + (column - boxWidth) / 2, y: baseline - size.face.height, width: size.face.width, height: size.face.height)
            drawBox(&builder, face: face, depth: size.depth, flat: block.shape.count < 3, highlight: block.scope == nil)
            var y = baseline + 8
            for line in lines {
                builder.text(line.text, at: Point(x + column / 2, y), horizontal: .center, vertical: .top, size: Style.smallSize,
                             color: line.bold ? .ink : .mutedInk, bold: line.bold)
                y += measurer.measure(line.text, size: Style.smallSize).height + 1
            }
            labelBottom = max(labelBottom, y)
            if index < blocks.count - 1 {
                let arrowY = baseline - min(size.face.height, sizes[index + 1].face.height) / 2
                builder.add(.arrow(from: Point(x + column + 4, arrowY), to: Point(x + column + gap - 4, arrowY), stroke: Stroke(.mutedInk, width: 1.25), head: 6))
            }
            right = x + column
            x += column + gap
        }
        builder.record(blocks.flatMap { $0.shape.map(Double.init) + [Double($0.parameters)] })
        let parts = blocks.map {
            NetworkWords.shapeFlowPart(edition, ["words": $0.words.joined(separator: edition == .zh ? "，" : " "), "shape": shapeText($0.shape)])
                + ($0.parameters > 0 ? NetworkWords.shapeFlowPartParameters(edition, ["n": grouped($0.parameters)]) : "")
        }
        let caption = NetworkWords.shapeFlowCaption(edition, ["model": ReaderLabel(architecture, edition: edition).model,
                                                               "parts": parts.joined(separator: edition == .zh ? "；" : ", "), "total": grouped(total)])
        return builder.figure(kind: "shape-flow", size: Size(right + Style.margin, labelBottom + Style.margin), title: title, caption: caption,
                              source: (trace.model, lookup.step.step, architecture.layers.map(\.name)))
    }

    /// A layer in a learner's words, a line each: what it is, and its settings.
    static func words(_ layer: LayerInfo, isLast: Bool, edition: Edition = .en) -> [String] {
        func ints(_ key: String) -> [Int]? { if case .ints(let v)? = layer.config[key] { return v } else { return nil } }
        func int(_ key: String) -> Int? { if case .int(let v)? = layer.config[key] { return v } else { return nil } }
        let activation: String? = {
            guard case .string(let name)? = layer.config["activation"], name != "linear" else { return nil }
            return ["relu": "ReLU", "sigmoid": "sigmoid", "tanh": "tanh", "softmax": "softmax"][name] ?? name
        }()
        switch layer.type {
        case "conv2d":
            let kernel = ints("kernel_size").map { "\($0[0])×\($0[1])" } ?? ""
            return [NetworkWords.convolution(edition), NetworkWords.filtersOfSize(edition, ["n": "\(layer.outputShape.last ?? 0)", "kernel": kernel])]
                + (activation.map { [$0] } ?? [])
        case "max_pool2d", "avg_pool2d":
            let size = ints("pool_size").map { "\($0[0])×\($0[1])" } ?? ""
            return [(layer.type == "max_pool2d" ? NetworkWords.maxPooling : .averagePooling)(edition), size]
        case "flatten":
            return [NetworkWords.flatten(edition), NetworkWords.intoOneRow(edition)]
        case "dense":
            let units = layer.outputShape.last ?? 0
            if isLast && activation == "softmax" {
                return [CommonWords.output(edition)] + NetworkWords.softmaxOverClasses(edition, ["n": "\(units)"]).split(separator: "\n").map(String.init)
            }
            return [isLast ? CommonWords.output(edition) : NetworkWords.dense(edition),
                    (units == 1 ? NetworkWords.neuronCountOne : .neuronCount)(edition, ["n": "\(units)"])] + (activation.map { [$0] } ?? [])
        default:
            return [layer.type.replacingOccurrences(of: "_", with: " ")]
        }
    }

    /// The label under a block: its words, its shape in bold, its parameter count.
    static func labelLines(_ block: Block, edition: Edition = .en) -> [(text: String, bold: Bool)] {
        block.words.map { (Markup.escape($0), false) } + [(shapeText(block.shape), true)]
            + [(block.scope == nil ? "" : block.parameters == 0 ? NetworkWords.noParameters(edition)
                : NetworkWords.parameterCount(edition, ["n": grouped(block.parameters)]), false)]
    }

    /// "30 × 30 × 32", "1024".
    static func shapeText(_ shape: [Int]) -> String { shape.map(String.init).joined(separator: " × ") }

    /// 122570 → "122,570".
    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }

    /// The front face and the depth of a block: maps are a square face of their side and a depth
    /// that grows with the log of the channels; a flat vector a thin bar √length tall.
    static func boxSize(_ block: Block) -> (face: Size, depth: Double) {
        let shape = block.shape
        if shape.count >= 3 {
            let side = max(6, pixelsPerSide * Double(shape[0]))
            let width = max(6, pixelsPerSide * Double(shape[1]))
            return (Size(width, side), 4 + 4 * log2(Double(max(1, shape[2]))))
        }
        let length = Double(shape.reduce(1, *))
        return (Size(10, max(6, pixelsPerSide * length.squareRoot())), 0)
    }

    /// A block as a stack of maps receding up and to the right (a flat vector: one bar).
    static func drawBox(_ builder: inout FigureBuilder, face: Rect, depth: Double, flat: Bool, highlight: Bool) {
        let fill = highlight ? Color.series[5].mixed(with: .white, 0.55) : (flat ? Color.series[2] : Color.series[0]).mixed(with: .white, 0.7)
        let edge = Stroke(.axis, width: 0.75)
        let layers = depth > 0 ? 5 : 1
        for layer in stride(from: layers - 1, through: 0, by: -1) {
            let offset = layers == 1 ? 0 : depth * Double(layer) / Double(layers - 1)
            let shade = fill.mixed(with: .black, 0.05 * Double(layer))
            builder.rect(Rect(x: face.minX + offset * 0.8, y: face.minY - offset * 0.6, width: face.width, height: face.height), fill: shade, stroke: edge)
        }
    }
}
