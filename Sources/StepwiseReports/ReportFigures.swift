import Foundation
import StepwiseLessons
import StepwiseRender
import StepwiseTrace
import StepwiseWords

/// One figure of a report, made from one recorded step (or the whole run, for the charts).
public struct ReportFigure: Sendable {
    /// File name stem, unique within the report (`step3-2-output-update`).
    public let name: String
    /// What the figure shows, in a few words, for its caption on the page.
    public let title: String
    /// What was sampled to keep the figure readable ("units 1–16 of 50"), said in the caption.
    public let sampled: String?
    /// The figure, or why it could not be drawn (the report then says so instead of failing).
    public let figure: Result<Figure, RenderError>
}

/// The figures of one layer at one step, under the layer's heading.
public struct LayerFigures: Sendable {
    public let heading: String
    public let figures: [ReportFigure]
}

/// Which figure fits which layer, and how big layers are sampled:
///
/// - A model of dense layers on a flat input with at most `maxNetworkUnits` neurons in every
///   column (input included) gets two network diagrams: activations with weights, and
///   gradients ∂L/∂a with weight gradients. Larger dense layers get their output and its
///   gradient as matrices instead (at most 16 samples × 64 units).
/// - `lstm`: the unrolled gates and states of the first `maxLSTMUnits` units.
/// - `multi_head_attention`: Q, K, V and the weights of the first `maxHeads` heads.
/// - `conv2d`: feature maps and kernels of the first 8 filters and the first 4 input channels;
///   `max_pool2d`, `avg_pool2d`: the routing of channel 1.
/// - `flatten`: none (it only reshapes); `positional_encoding`: its table, once, in the model
///   section; any other layer: its output and gradient as matrices.
/// - Every layer with parameters: before, gradient, after and change of each parameter (at
///   most 32 rows × 64 columns each).
public struct ReportFigurePlan: Sendable {
    public var maxNetworkUnits = 16
    public var maxLSTMUnits = 16
    public var maxHeads = 4
    public var maxFilters = 8
    public var maxInputChannels = 4

    public init() {}

    /// True when the network diagram draws the whole model.
    public func drawsNetwork(_ architecture: Architecture) -> Bool {
        architecture.inputShape.count == 1 && architecture.inputShape[0] <= maxNetworkUnits
            && architecture.layers.allSatisfy { $0.type == "dense" && $0.outputShape.count == 1 && $0.outputShape[0] <= maxNetworkUnits }
    }

    /// The figures of `step` of `trace`, by layer, titled in `edition`'s words; file names
    /// start with `step<N>-`.
    public func figures(trace: Trace, step: TraceStep, edition: Edition = .en) -> [LayerFigures] {
        let single = Trace(model: trace.model, architecture: trace.architecture, steps: [step])
        let prefix = "step\(step.step)"
        var groups: [LayerFigures] = []
        let network = drawsNetwork(trace.architecture)
        if network {
            let activations = NetworkOptions()
            var gradients = NetworkOptions()
            gradients.nodes = .gradient
            gradients.edges = .gradient
            let batch = step.outputs.values.first?.shape.first ?? 1
            let sampled = batch > 1 ? ReportWords.exampleOfBatch(edition, ["n": String(batch)]) : nil
            groups.append(LayerFigures(heading: ReportWords.wholeNetwork(edition), figures: [
                ReportFigure(name: "\(prefix)-network-activations", title: ReportWords.networkActivations(edition), sampled: sampled,
                             figure: attempt { try NetworkDiagram.figure(trace: single, options: activations, edition: edition) }),
                ReportFigure(name: "\(prefix)-network-gradients", title: ReportWords.networkGradients(edition), sampled: sampled,
                             figure: attempt { try NetworkDiagram.figure(trace: single, options: gradients, edition: edition) }),
            ]))
        }
        for (index, layer) in trace.architecture.layers.enumerated() {
            let stem = "\(prefix)-\(index + 1)-\(Self.slug(layer.name))"
            var figures: [ReportFigure] = []
            if !network {
                figures += layerFigures(layer, stem: stem, trace: single, step: step, edition: edition)
            }
            if !layer.params.isEmpty {
                let shapes = layer.params.compactMap { param in step.params["\(layer.name)/\(param)"].map { (name: param, shape: $0.before.shape) } }
                figures.append(ReportFigure(name: "\(stem)-update", title: ReportWords.parameterUpdate(edition, ["parameters": Self.parameterNames(layer.params, edition)]),
                                            sampled: ParameterUpdate.samplingNote(shapes, edition: edition),
                                            figure: attempt { try ParameterUpdate.figure(trace: single, layer: layer.name, edition: edition) }))
            }
            if !figures.isEmpty {
                groups.append(LayerFigures(heading: "\(layer.name) · \(ModelSummary.kerasClass(layer.type))", figures: figures))
            }
        }
        return groups
    }

    /// The figure of a layer's forward pass at this step (not its update).
    private func layerFigures(_ layer: LayerInfo, stem: String, trace: Trace, step: TraceStep, edition: Edition) -> [ReportFigure] {
        let note = { (units: String?) in self.samplingNote(batch: step, units: units, edition) }
        let first = { (count: Int, total: Int, noun: ReportWords) in Self.first(count, of: total, noun, edition) }
        switch layer.type {
        case "lstm":
            let units = layer.outputShape.last ?? 0
            let keep = min(units, maxLSTMUnits)
            let view = TraceViews.lstm(trace: trace, step: step, layer: layer.name, units: units, keep: keep)
            return [ReportFigure(name: "\(stem)-lstm", title: ReportWords.lstmFigure(edition),
                                 sampled: note(keep < units ? first(keep, units, .unitNoun) : nil),
                                 figure: attempt { try SequenceFigures.lstm(trace: view, layer: layer.name, edition: edition) })]
        case "multi_head_attention":
            let heads = Self.integer(layer.config["num_heads"]) ?? 1
            let keep = min(heads, maxHeads)
            let view = TraceViews.attention(trace: trace, step: step, layer: layer.name, keepHeads: keep)
            return [ReportFigure(name: "\(stem)-attention", title: ReportWords.attentionFigure(edition),
                                 sampled: note(keep < heads ? first(keep, heads, .headNoun) : nil),
                                 figure: attempt { try SequenceFigures.attention(trace: view, layer: layer.name, edition: edition) })]
        case "conv2d":
            let filters = Self.integer(layer.config["filters"]) ?? layer.outputShape.last ?? 0
            let channels = step.params["\(layer.name)/kernel"].flatMap { $0.before.shape.count == 4 ? $0.before.shape[2] : nil } ?? 1
            var options = FeatureMapOptions()
            options.maxFilters = maxFilters
            options.maxInputChannels = maxInputChannels
            let cut = [channels > maxInputChannels ? first(maxInputChannels, channels, .inputChannelNoun) : nil,
                       filters > maxFilters ? first(maxFilters, filters, .filterNoun) : nil].compactMap { $0 }
            return [ReportFigure(name: "\(stem)-feature-maps", title: ReportWords.convFigure(edition),
                                 sampled: note(cut.isEmpty ? nil : cut.joined(separator: ReportWords.listSeparator(edition))),
                                 figure: attempt { try ConvFigures.featureMaps(trace: trace, layer: layer.name, options: options, edition: edition) })]
        case "max_pool2d", "avg_pool2d":
            let channels = layer.outputShape.last ?? 1
            return [ReportFigure(name: "\(stem)-pooling", title: ReportWords.poolingFigure(edition),
                                 sampled: note(channels > 1 ? first(1, channels, .channelNoun) : nil),
                                 figure: attempt { try ConvFigures.pooling(trace: trace, layer: layer.name, edition: edition) })]
        case "flatten", "positional_encoding":
            return []
        default:
            let output = Result { try Self.output(of: layer.name, in: step) }
            return [ReportFigure(name: "\(stem)-output", title: ReportWords.outputFigure(edition),
                                 sampled: (try? output.get()).flatMap { LayerActivity.samplingNote(shape: $0.0.shape, edition: edition) },
                                 figure: attempt {
                                     let (value, grad) = try output.get()
                                     return try LayerActivity.figure(layer: layer.name, type: layer.type, value: value, grad: grad,
                                                                     model: trace.model, step: step.step, edition: edition)
                                 })]
        }
    }

    /// "example 1 of 8" (when the batch has more than one example), plus a unit note.
    private func samplingNote(batch step: TraceStep, units: String?, _ edition: Edition) -> String? {
        let batch = step.op(scope: "input")?.value.shape.first ?? 1
        let parts = [batch > 1 ? ReportWords.exampleOf(edition, ["n": String(batch)]) : nil, units].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: ReportWords.listSeparator(edition))
    }

    /// A layer's output and its gradient: the last op the layer recorded in the forward pass
    /// (its scope under `<layer>/`, not a parameter, a constant or a regularizer term), checked
    /// against `outputs[layer]`.
    static func output(of layer: String, in step: TraceStep) throws -> (TensorValue, TensorValue?) {
        let record = step.ops.last {
            $0.scope.hasPrefix("\(layer)/") && $0.op != "parameter" && $0.op != "constant" && !$0.scope.hasPrefix("\(layer)/regularizer/")
        }
        if let record, step.outputs[layer] == nil || step.outputs[layer]?.shape == record.value.shape {
            return (record.value, record.grad)
        }
        guard let output = step.outputs[layer] else {
            throw RenderError.invalidInput("the output of \(layer) is not in step \(step.step)")
        }
        return (output, nil)
    }

    /// "units 1–16 of 50", or "head 1 of 2".
    static func first(_ count: Int, of total: Int, _ noun: ReportWords, _ edition: Edition) -> String {
        let values = ["noun": noun(edition), "count": String(count), "total": String(total)]
        return count == 1 ? ReportWords.firstOne(edition, values) : ReportWords.firstMany(edition, values)
    }

    /// A layer's parameters as the update figure's title names them: "kernel, bias" as Keras
    /// names them; in Chinese, the words for weights, biases and embeddings (others as named).
    static func parameterNames(_ names: [String], _ edition: Edition) -> String {
        let words: [String: ReportWords] = ["kernel": .kernelName, "bias": .biasName, "recurrent_kernel": .recurrentKernelName,
                                            "embeddings": .embeddingsName]
        return names.map { name in edition == .en ? name : words[name].map { $0(edition) } ?? name }
            .joined(separator: edition == .en ? ", " : "、")
    }

    static func integer(_ value: AttributeValue?) -> Int? {
        if case .int(let number)? = value { return number }
        return nil
    }

    /// Lowercase letters, digits and dashes, for file names.
    static func slug(_ name: String) -> String {
        var slug = ""
        for character in name.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                slug.append(character)
            } else if !slug.hasSuffix("-") {
                slug.append("-")
            }
        }
        let trimmed = slug.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return trimmed.isEmpty ? "layer" : trimmed
    }
}

/// Runs a figure maker, keeping its error for the page instead of stopping the report.
func attempt(_ make: () throws -> Figure) -> Result<Figure, RenderError> {
    do {
        return .success(try make())
    } catch let error as RenderError {
        return .failure(error)
    } catch {
        return .failure(.invalidInput("\(error)"))
    }
}

/// Traces cut down to what one figure draws, for layers too big to draw whole: the renderer's
/// figures then show the first units or heads, and say how many they show.
enum TraceViews {
    static let lstmLocals: Set<String> = ["input_gate", "forget_gate", "candidate", "output_gate", "cell", "hidden"]

    /// The LSTM ops the unrolled figure reads (`<layer>/t<t>/<gate or state>`, `[batch, units]`),
    /// with only the first `keep` units.
    static func lstm(trace: Trace, step: TraceStep, layer: String, units: Int, keep: Int) -> Trace {
        let prefix = "\(layer)/t"
        let ops = step.ops.filter { record in
            guard record.scope.hasPrefix(prefix) else { return false }
            let parts = record.scope.dropFirst(layer.count + 1).split(separator: "/")
            return parts.count == 2 && parts[0].dropFirst().allSatisfy(\.isNumber) && lstmLocals.contains(String(parts[1]))
        }.map { record -> OpRecord in
            guard keep < units else { return record }
            var copy = record
            copy.value = firstColumns(record.value, keep)
            copy.grad = record.grad.map { firstColumns($0, keep) }
            return copy
        }
        return Trace(model: trace.model, architecture: trace.architecture,
                     steps: [TraceStep(step: step.step, loss: step.loss, outputs: [:], params: [:], inputGrad: nil, ops: ops)])
    }

    /// The attention ops of heads 1…`keepHeads` of `layer`.
    static func attention(trace: Trace, step: TraceStep, layer: String, keepHeads: Int) -> Trace {
        let prefix = "\(layer)/head"
        let ops = step.ops.filter { record in
            guard record.scope.hasPrefix(prefix) else { return false }
            let number = record.scope.dropFirst(prefix.count).prefix { $0.isNumber }
            return Int(number).map { $0 <= keepHeads } ?? false
        }
        return Trace(model: trace.model, architecture: trace.architecture,
                     steps: [TraceStep(step: step.step, loss: step.loss, outputs: [:], params: [:], inputGrad: nil, ops: ops)])
    }

    /// The first `count` entries of the last axis of a `[rows, columns]` tensor.
    static func firstColumns(_ tensor: TensorValue, _ count: Int) -> TensorValue {
        guard tensor.shape.count == 2, tensor.shape[1] > count else { return tensor }
        let (rows, columns) = (tensor.shape[0], tensor.shape[1])
        var data: [Double] = []
        data.reserveCapacity(rows * count)
        for row in 0..<rows { data += tensor.data[(row * columns)..<(row * columns + count)] }
        return TensorValue(shape: [rows, count], data: data)
    }
}
