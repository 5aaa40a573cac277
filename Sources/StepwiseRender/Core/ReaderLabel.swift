import StepwiseTrace
import StepwiseWords

/// The one catalogue of reader labels: maps a trace's scope names, parameter keys and tensor
/// indices to a learner's phrase, counted from 1 — `output/bias_add` at `[3, 0]` becomes
/// "z, net input of output neuron 1, example 4". Scopes are for code; every title, axis, table
/// row and caption takes its words from here (the scope may still be shown as a secondary
/// "trace: …" detail). Needs only the trace's `Architecture`, so the renderer, the lessons and
/// the reports use the same words.
public struct ReaderLabel: Sendable {
    public let architecture: Architecture
    /// The edition the labels are written for.
    public let edition: Edition
    /// Layer name → its phrase ("hidden layer", "output layer", "convolution layer 2").
    private let layerPhrases: [String: String]
    /// Layer name → how one of its units reads, given a 1-based number ("hidden neuron 2").
    private let unitNouns: [String: UnitNoun]

    private struct UnitNoun: Sendable {
        let prefix: String
        let suffix: String
        func callAsFunction(_ number: Int) -> String { "\(prefix)\(number)\(suffix)" }
    }

    public init(_ architecture: Architecture, edition: Edition = .en) {
        self.edition = edition
        self.architecture = architecture
        var phrases: [String: String] = [:]
        var nouns: [String: UnitNoun] = [:]
        let layers = architecture.layers
        let lastDense = layers.lastIndex { $0.type == "dense" }
        let hiddenDense = layers.indices.filter { layers[$0].type == "dense" && $0 != lastDense }
        var seen: [String: Int] = [:]
        for (position, layer) in layers.enumerated() {
            let family = Self.family(layer.type)
            seen[family.word, default: 0] += 1
            let sameKind = layers.filter { Self.family($0.type).word == family.word }.count
            let numbered = sameKind > 1 ? " \(seen[family.word]!)" : ""
            switch layer.type {
            case "dense" where position == lastDense:
                phrases[layer.name] = "output layer"
                nouns[layer.name] = UnitNoun(prefix: "output neuron ", suffix: "")
            case "dense":
                let rank = (hiddenDense.firstIndex(of: position) ?? 0) + 1
                if hiddenDense.count > 1 {
                    let ordinal = rank <= 5 ? ["first", "second", "third", "fourth", "fifth"][rank - 1] + " hidden layer" : "hidden layer \(rank)"
                    phrases[layer.name] = ordinal
                    nouns[layer.name] = UnitNoun(prefix: "neuron ", suffix: " of the \(ordinal)")
                } else {
                    phrases[layer.name] = "hidden layer"
                    nouns[layer.name] = UnitNoun(prefix: "hidden neuron ", suffix: "")
                }
            default:
                phrases[layer.name] = family.word + numbered
                nouns[layer.name] = UnitNoun(prefix: family.unit + " ", suffix: numbered.isEmpty ? "" : " of \(family.word + numbered)")
            }
        }
        layerPhrases = phrases
        unitNouns = nouns
    }

    /// A layer type's words: the layer ("convolution layer") and one of its units ("filter").
    private static func family(_ type: String) -> (word: String, unit: String) {
        switch type {
        case "dense": return ("dense layer", "neuron")
        case "conv2d": return ("convolution layer", "filter")
        case "max_pool2d": return ("max-pooling layer", "channel")
        case "avg_pool2d": return ("average-pooling layer", "channel")
        case "flatten": return ("flatten layer", "feature")
        case "lstm": return ("LSTM layer", "LSTM unit")
        case "multi_head_attention": return ("attention layer", "feature")
        case "positional_encoding": return ("positional encoding", "feature")
        case "layer_norm": return ("layer normalisation", "feature")
        case "embedding": return ("embedding layer", "feature")
        default: return (type.replacingOccurrences(of: "_", with: " ") + " layer", "unit")
        }
    }

    // MARK: The model

    /// The model in words, for titles: "the 2-2-2 network" for dense layers on a flat input,
    /// "the convolutional network", "the LSTM network", "the attention network".
    public var model: String {
        let types = Set(architecture.layers.map(\.type))
        if types.contains("multi_head_attention") { return "the attention network" }
        if types.contains("lstm") { return "the LSTM network" }
        if types.contains("conv2d") { return "the convolutional network" }
        if types.isSubset(of: ["dense", "flatten"]) {
            let sizes = [architecture.inputShape.reduce(1, *)] + architecture.layers.filter { $0.type == "dense" }.map { $0.outputShape.last ?? 0 }
            return "the " + sizes.map(String.init).joined(separator: "-") + " network"
        }
        return "the network"
    }

    /// The loss in words: "mean squared error", "binary cross-entropy", "cross-entropy".
    public static func loss(_ name: String) -> String {
        switch name {
        case "mse": return "mean squared error"
        case "binary_crossentropy": return "binary cross-entropy"
        case "categorical_crossentropy", "sparse_categorical_crossentropy": return "cross-entropy"
        default: return name.replacingOccurrences(of: "_", with: " ")
        }
    }

    /// The optimizer in words: "SGD", "Adam".
    public static func optimizer(_ name: String) -> String {
        switch name {
        case "sgd": return "SGD"
        case "adam": return "Adam"
        default: return name
        }
    }

    // MARK: Layers and units

    /// "hidden layer", "output layer", "convolution layer 2"; an unknown name is returned as is.
    public func layer(_ name: String) -> String { layerPhrases[name] ?? name }

    /// One unit of `layer`, `index` counted from 0: "hidden neuron 2", "filter 3".
    public func unit(_ layer: String, _ index: Int) -> String {
        unitNouns[layer].map { $0(index + 1) } ?? "unit \(index + 1) of \(self.layer(layer))"
    }

    /// What a dense or LSTM layer's kernel rows are: the previous layer's units, or the inputs.
    public func source(of layer: String, _ index: Int) -> String {
        guard let position = architecture.layers.firstIndex(where: { $0.name == layer }) else { return "input \(index + 1)" }
        var previous = position - 1
        while previous >= 0 && ["flatten", "positional_encoding", "layer_norm"].contains(architecture.layers[previous].type) { previous -= 1 }
        guard previous >= 0 else {
            return architecture.inputShape.count > 1 ? "input feature \(index + 1)" : "input \(index + 1)"
        }
        let before = architecture.layers[previous]
        if architecture.layers[position - 1].type == "flatten" || ["conv2d", "max_pool2d", "avg_pool2d"].contains(before.type) {
            return "flattened feature \(index + 1)"
        }
        return unit(before.name, index)
    }

    /// What a layer's units are called as an axis: "hidden neuron", "output neuron", "filter".
    public func unitAxis(_ layer: String) -> String {
        guard let noun = unitNouns[layer] else { return "unit" }
        return noun.suffix.isEmpty ? String(noun.prefix.dropLast()) : "neuron of the \(self.layer(layer))"
    }

    /// What a layer's kernel rows are as an axis: "input", "hidden neuron".
    public func sourceAxis(of layer: String) -> String {
        let first = source(of: layer, 0)
        return first.hasSuffix(" 1") ? String(first.dropLast(2)) : first.replacingOccurrences(of: " 1 ", with: " ")
    }

    // MARK: Whole tensors

    /// A tensor as a whole, by scope or parameter key: "z, net input of the output layer",
    /// "w, weights of the hidden layer", "L, the loss".
    public func quantity(_ scope: String) -> String {
        let parts = scope.split(separator: "/").map(String.init)
        if let layer = parts.first, layerPhrases[layer] != nil, parts.count == 2, let param = parameterWords(layer, parts[1]) {
            return "\(param.symbol), \(param.plural) of the \(self.layer(layer))"
        }
        let role = role(parts)
        if parts.first == "loss" { return role.symbol.isEmpty ? role.words : "\(role.symbol), \(role.words)" }
        let place = role.context.isEmpty ? "" : ", \(role.context)"
        let owner = parts.first.map { layerPhrases[$0] != nil ? " of the \(self.layer($0))" : "" } ?? ""
        return (role.symbol.isEmpty ? "" : role.symbol + ", ") + role.words + owner + place
    }

    /// A symbol for the tensor, for short titles: "z", "a", "ŷ", "w", "α".
    public func symbol(_ scope: String) -> String {
        let parts = scope.split(separator: "/").map(String.init)
        if let layer = parts.first, layerPhrases[layer] != nil, parts.count == 2, let param = parameterWords(layer, parts[1]) {
            return param.symbol
        }
        return role(parts).symbol
    }

    // MARK: Elements

    /// One element of an op's value (`scope`, `index` counted from 0 over `shape`):
    /// "z, net input of output neuron 1, example 4".
    public func element(_ scope: String, index: [Int], shape: [Int]) -> String {
        let parts = scope.split(separator: "/").map(String.init)
        let role = role(parts)
        let place = describe(axes: axes(scope, shape: shape), index: index)
        let context = role.context.isEmpty ? [] : [role.context]
        var words = role.words
        // "net input of output neuron 1": the unit phrase owns the role.
        if let owner = place.owner { words += " of " + owner }
        else if let layer = parts.first, layerPhrases[layer] != nil, !role.standalone { words += " of the " + self.layer(layer) }
        let tail = (place.rest + context + place.example).joined(separator: ", ")
        return (role.symbol.isEmpty ? "" : role.symbol + ", ") + words + (tail.isEmpty ? "" : ", " + tail)
    }

    /// One element of a parameter (`layer/param` key, `index` counted from 0):
    /// "w, weight from input 1 to hidden neuron 2", "b, bias of output neuron 1".
    public func parameter(_ key: String, index: [Int]) -> String {
        let parts = key.split(separator: "/").map(String.init)
        guard parts.count == 2, let layer = architecture.layers.first(where: { $0.name == parts[0] }) else {
            return "\(key.replacingOccurrences(of: "_", with: " ")) \(Self.oneBased(index))"
        }
        let name = parts[1]
        let i = index.first ?? 0, j = index.count > 1 ? index[1] : 0
        switch (layer.type, name) {
        case ("dense", "kernel"):
            return "w, weight from \(source(of: layer.name, i)) to \(unit(layer.name, j))"
        case ("dense", "bias"), ("conv2d", "bias"):
            return "b, bias of \(unit(layer.name, i))"
        case ("conv2d", "kernel") where index.count == 4:
            return "k, kernel weight at row \(index[0] + 1), column \(index[1] + 1), input channel \(index[2] + 1), \(unit(layer.name, index[3]))"
        case ("lstm", "kernel"), ("lstm", "recurrent_kernel"), ("lstm", "bias"):
            let units = Self.units(layer)
            let column = index.last ?? 0
            let gate = Self.gateNames[min(3, column / max(1, units))]
            let target = "the \(gate) of \(unit(layer.name, column % max(1, units)))"
            if name == "bias" { return "b, bias of \(target)" }
            if name == "kernel" { return "W, input weight from \(source(of: layer.name, i)) to \(target)" }
            return "U, recurrent weight from \(unit(layer.name, i)) to \(target)"
        case ("multi_head_attention", let weight) where weight.hasPrefix("w"):
            let letter = weight.dropFirst().uppercased()
            let what = ["Q": "query", "K": "key", "V": "value", "O": "output"][letter] ?? letter
            return letter == "O"
                ? "W\(Self.subscriptLetter(letter)), output weight from context feature \(i + 1) to feature \(j + 1)"
                : "W\(Self.subscriptLetter(letter)), \(what) weight from feature \(i + 1) to \(what) component \(j + 1)"
        case ("multi_head_attention", let bias) where bias.hasPrefix("b"):
            let letter = bias.dropFirst().uppercased()
            let what = ["Q": "query", "K": "key", "V": "value", "O": "output"][letter] ?? letter
            return "b\(Self.subscriptLetter(letter)), \(what) bias of component \(i + 1)"
        case ("embedding", _):
            return "E, embedding of token \(i), feature \(j + 1)"
        case ("layer_norm", "gamma"):
            return "γ, scale of feature \(i + 1)"
        case ("layer_norm", "beta"):
            return "β, shift of feature \(i + 1)"
        default:
            return "\(name.replacingOccurrences(of: "_", with: " ")) \(Self.oneBased(index)) of the \(self.layer(layer.name))"
        }
    }

    /// What each axis of a parameter indexes: ["input", "hidden neuron"] for a dense kernel.
    public func parameterAxes(_ key: String, rank: Int) -> [String] {
        let parts = key.split(separator: "/").map(String.init)
        guard parts.count == 2, let layer = architecture.layers.first(where: { $0.name == parts[0] }) else {
            return (0..<rank).map { "index \($0 + 1)" }
        }
        switch (layer.type, parts[1], rank) {
        case ("dense", "kernel", 2): return ["from " + sourceAxis(of: layer.name), "to " + unitAxis(layer.name)]
        case (_, "bias", 1): return [unitAxis(layer.name)]
        case ("conv2d", "kernel", 4): return ["kernel row", "kernel column", "input channel", "filter"]
        case ("lstm", "kernel", 2): return ["from " + sourceAxis(of: layer.name), "to gate of LSTM unit (i, f, g, o blocks)"]
        case ("lstm", "recurrent_kernel", 2): return ["from LSTM unit", "to gate of LSTM unit (i, f, g, o blocks)"]
        case ("embedding", _, 2): return ["token", "feature"]
        case ("multi_head_attention", _, 2): return ["from feature", "to component"]
        default: return (0..<rank).map { "index \($0 + 1)" }
        }
    }

    // MARK: Axes of op values

    /// What one axis of an op value indexes.
    public enum Axis: Equatable, Sendable {
        /// The batch axis: "example 4".
        case example
        /// A layer's units: "output neuron 1".
        case unit(layer: String)
        /// Image rows and columns: "row 2", "column 3".
        case row, column
        /// A sequence position ("position 3") or an LSTM time step ("t = 3").
        case position, timeStep
        /// An attention map's query and key positions.
        case queryPosition, keyPosition
        /// Anything else: "component 2".
        case component
    }

    /// The axes of the op value `scope` of `shape` (batch first).
    public func axes(_ scope: String, shape: [Int]) -> [Axis] {
        guard !shape.isEmpty else { return [] }
        let parts = scope.split(separator: "/").map(String.init)
        let layer = parts.first.flatMap { name in architecture.layers.first { $0.name == name } }
        let last = parts.last ?? ""
        var axes: [Axis] = [.example]
        let middle = max(0, shape.count - 2)
        switch (layer?.type, shape.count) {
        case ("multi_head_attention", 3) where ["dot_products", "scores", "masked_scores", "weights"].contains(last):
            return [.example, .queryPosition, .keyPosition]
        case ("conv2d", 4), ("max_pool2d", 4), ("avg_pool2d", 4):
            return [.example, .row, .column, .unit(layer: layer!.name)]
        case ("lstm", 3):
            return [.example, .timeStep, .unit(layer: layer!.name)]
        default:
            break
        }
        if shape.count == 1 { return parts.first == "loss" ? [.example] : [.component] }
        if parts.first == "loss" || parts.first == nil {
            // Targets, errors, predictions: shaped like the output layer's value.
            let output = architecture.layers.last { $0.type == "dense" }
            axes += Array(repeating: .position, count: middle)
            axes.append(output.map { .unit(layer: $0.name) } ?? .component)
            return axes
        }
        axes += Array(repeating: .position, count: middle)
        if let layer, ["dense", "lstm"].contains(layer.type), !last.hasSuffix("projection"), last != "preactivation", last != "projections" {
            axes.append(.unit(layer: layer.name))
        } else {
            axes.append(.component)
        }
        return axes
    }

    /// The axis words for a figure: "example", "hidden neuron", "row", "t", "query position".
    public func axisName(_ axis: Axis) -> String {
        switch axis {
        case .example: return "example"
        case .unit(let layer): return unitAxis(layer)
        case .row: return "row"
        case .column: return "column"
        case .position: return "position"
        case .timeStep: return "time step t"
        case .queryPosition: return "query position"
        case .keyPosition: return "key position"
        case .component: return "component"
        }
    }

    /// The words for one index along each axis, split into the unit that owns the value, the
    /// other places, and the example.
    private func describe(axes: [Axis], index: [Int]) -> (owner: String?, rest: [String], example: [String]) {
        var owner: String?
        var rest: [String] = []
        var example: [String] = []
        for (axis, value) in zip(axes, index) {
            switch axis {
            case .example: example.append("example \(value + 1)")
            case .unit(let layer): owner = unit(layer, value)
            case .row: rest.append("row \(value + 1)")
            case .column: rest.append("column \(value + 1)")
            case .position: rest.append("position \(value + 1)")
            case .timeStep: rest.append("t = \(value + 1)")
            case .queryPosition: rest.append("query position \(value + 1)")
            case .keyPosition: rest.append("key position \(value + 1)")
            case .component: rest.append("component \(value + 1)")
            }
        }
        return (owner, rest, example)
    }

    // MARK: Roles

    /// A scope's role: its symbol, its words, where it sits (head, time step), and whether the
    /// words already name their owner.
    private struct Role: Sendable {
        var symbol: String
        var words: String
        var context: String = ""
        var standalone = false
    }

    /// The role of an op by its scope's parts (`[layer, …, name]`).
    private func role(_ parts: [String]) -> Role {
        guard let name = parts.last else { return Role(symbol: "", words: "value") }
        var context: [String] = []
        for part in parts.dropFirst().dropLast() {
            if part.hasPrefix("head"), let number = Int(part.dropFirst(4)) { context.append("head \(number)") }
            if part.hasPrefix("t"), let number = Int(part.dropFirst()) { context.append("t = \(number)") }
        }
        var role = words(name, parts: parts)
        role.context = context.joined(separator: ", ")
        return role
    }

    private func isOutputLayer(_ name: String?) -> Bool {
        guard let name else { return false }
        return architecture.layers.last?.name == name && architecture.layers.last?.type == "dense"
    }

    /// Symbol and words for a scope's last part.
    private func words(_ name: String, parts: [String]) -> Role {
        let layerType = parts.first.flatMap { first in architecture.layers.first { $0.name == first }?.type }
        if parts.first == "loss" { return lossWords(name) }
        if parts.count >= 2, parts[parts.count - 2] == "regularizer" {
            let kind = name.uppercased().replacingOccurrences(of: "_SUM", with: "")
            let what = name.hasSuffix("_sum") ? "sum of |w|" : "penalty"
            return Role(symbol: "", words: name.hasSuffix("_sum") ? "\(kind) \(what) of the weights" : "\(kind) penalty on the weights")
        }
        switch (layerType, name) {
        case (_, "matmul"): return Role(symbol: "Σ w·x", words: "weighted sum")
        case (_, "bias_add"): return Role(symbol: "z", words: "net input")
        case (_, "activation"):
            return isOutputLayer(parts.first) ? Role(symbol: "ŷ", words: "prediction") : Role(symbol: "a", words: "output")
        case (_, "convolution"): return Role(symbol: "Σ k·x", words: "sum of products")
        case (_, "max_pool"): return Role(symbol: "p", words: "maximum of the window")
        case (_, "avg_pool"): return Role(symbol: "p", words: "average of the window")
        case (_, "reshape"): return Role(symbol: "x", words: "flattened value")
        case ("lstm", _): return lstmWords(name)
        case ("multi_head_attention", _): return attentionWords(name)
        case ("layer_norm", _): return layerNormWords(name)
        case ("embedding", "lookup"): return Role(symbol: "e", words: "embedding")
        case ("positional_encoding", _): return Role(symbol: "x + PE", words: "input plus positional encoding")
        default: return Role(symbol: "", words: name.replacingOccurrences(of: "_", with: " "))
        }
    }

    /// The role `table` gives an op's last scope part, or its name in words (`per_head` → "per
    /// head", after `prefix`) for a part the table does not know.
    private static func role(_ name: String, in table: [String: Role], otherwise prefix: String = "") -> Role {
        table[name] ?? Role(symbol: "", words: prefix + name.replacingOccurrences(of: "_", with: " "))
    }

    private func lossWords(_ name: String) -> Role {
        return Self.role(name, in: Self.lossRoles, otherwise: "loss term ")
    }

    /// The loss ops by their scope's last part.
    private static let lossRoles: [String: Role] = [
        "targets": Role(symbol: "t", words: "target"),
        "error": Role(symbol: "ŷ − t", words: "error"),
        "squared_error": Role(symbol: "(ŷ − t)²", words: "squared error"),
        "squared": Role(symbol: "(ŷ − t)²", words: "squared error"),
        "mean": Role(symbol: "L", words: "the loss (mean over the batch)", standalone: true),
        "total": Role(symbol: "L", words: "the total loss, penalty included", standalone: true),
        "clipped": Role(symbol: "ŷ", words: "prediction, clipped away from 0 and 1"),
        "log_y": Role(symbol: "log ŷ", words: "log of the prediction"),
        "one_minus_y": Role(symbol: "1 − ŷ", words: "one minus the prediction"),
        "log_one_minus_y": Role(symbol: "log(1 − ŷ)", words: "log of one minus the prediction"),
        "one_minus_t": Role(symbol: "1 − t", words: "one minus the target"),
        "t_log_y": Role(symbol: "t log ŷ", words: "target times log prediction"),
        "one_minus_t_log_one_minus_y": Role(symbol: "(1 − t) log(1 − ŷ)", words: "second term of the cross-entropy"),
        "log_likelihood": Role(symbol: "log p", words: "log-likelihood"),
        "per_sample": Role(symbol: "Σ t log ŷ", words: "sum over the classes"),
        "sum_t_log_y": Role(symbol: "Σ t log ŷ", words: "sum over the classes"),
        "per_element": Role(symbol: "", words: "loss per element"),
        "one": Role(symbol: "1", words: "the constant 1", standalone: true),
    ]

    static let gateNames = ["input gate", "forget gate", "candidate", "output gate"]
    private static let gateSymbols = ["input_gate": ("i", "input gate"), "forget_gate": ("f", "forget gate"),
                                      "candidate": ("g", "candidate"), "output_gate": ("o", "output gate")]

    private func lstmWords(_ name: String) -> Role {
        if let gate = Self.gateSymbols[name] { return Role(symbol: gate.0, words: gate.1) }
        if name.hasSuffix("_preactivation"), let gate = Self.gateSymbols[String(name.dropLast("_preactivation".count))] {
            return Role(symbol: "z", words: "pre-activation of the \(gate.1)")
        }
        return Self.role(name, in: Self.lstmRoles)
    }

    /// An LSTM time step's ops (the gates are in `gateSymbols`).
    private static let lstmRoles: [String: Role] = [
        "input": Role(symbol: "x", words: "input"),
        "input_projection": Role(symbol: "x·W", words: "input times the input weights, all four gates"),
        "recurrent_projection": Role(symbol: "h·U", words: "previous hidden state times the recurrent weights, all four gates"),
        "projections": Role(symbol: "x·W + h·U", words: "both projections, all four gates"),
        "preactivation": Role(symbol: "z", words: "gate pre-activations (i, f, g, o blocks)"),
        "kept_cell": Role(symbol: "f·c", words: "cell state kept by the forget gate"),
        "written_cell": Role(symbol: "i·g", words: "cell state written by the input gate"),
        "cell": Role(symbol: "c", words: "cell state"),
        "cell_tanh": Role(symbol: "tanh c", words: "squashed cell state"),
        "hidden": Role(symbol: "h", words: "hidden state"),
        "sequence": Role(symbol: "h", words: "hidden state"),
        "initial_hidden": Role(symbol: "h₀", words: "initial hidden state"),
        "initial_cell": Role(symbol: "c₀", words: "initial cell state"),
    ]

    private func attentionWords(_ name: String) -> Role {
        return Self.role(name, in: Self.attentionRoles)
    }

    /// An attention layer's ops: projections, each head's scores and weights, the output.
    private static let attentionRoles: [String: Role] = [
        "query_matmul": Role(symbol: "q", words: "query"),
        "query_bias_add": Role(symbol: "q", words: "query"),
        "query": Role(symbol: "q", words: "query"),
        "key_matmul": Role(symbol: "k", words: "key"),
        "key_bias_add": Role(symbol: "k", words: "key"),
        "key": Role(symbol: "k", words: "key"),
        "value_matmul": Role(symbol: "v", words: "value"),
        "value_bias_add": Role(symbol: "v", words: "value"),
        "value": Role(symbol: "v", words: "value"),
        "dot_products": Role(symbol: "q·k", words: "dot product"),
        "scores": Role(symbol: "s", words: "score (scaled dot product)"),
        "masked_scores": Role(symbol: "s", words: "score after the causal mask"),
        "weights": Role(symbol: "α", words: "attention weight"),
        "context": Role(symbol: "o", words: "context (weighted sum of values)"),
        "concat_heads": Role(symbol: "o", words: "contexts of all heads side by side"),
        "output_matmul": Role(symbol: "o·W_O", words: "context times the output weights"),
        "output": Role(symbol: "y", words: "attention output"),
    ]

    private func layerNormWords(_ name: String) -> Role {
        return Self.role(name, in: Self.layerNormRoles)
    }

    /// A layer normalisation's ops.
    private static let layerNormRoles: [String: Role] = [
        "mean": Role(symbol: "μ", words: "mean over the features"),
        "centered": Role(symbol: "x − μ", words: "centred value"),
        "squared": Role(symbol: "(x − μ)²", words: "squared deviation"),
        "variance": Role(symbol: "σ²", words: "variance over the features"),
        "variance_epsilon": Role(symbol: "σ² + ε", words: "variance plus ε"),
        "std": Role(symbol: "σ", words: "standard deviation"),
        "normalized": Role(symbol: "x̂", words: "normalised value"),
        "scale": Role(symbol: "γx̂", words: "scaled value"),
        "shift": Role(symbol: "γx̂ + β", words: "layer normalisation output"),
        "epsilon": Role(symbol: "ε", words: "the constant ε", standalone: true),
    ]

    /// A parameter's symbol and plural words ("w", "weights"), or nil when `param` is not one of
    /// the layer's parameters.
    private func parameterWords(_ layer: String, _ param: String) -> (symbol: String, plural: String)? {
        guard let info = architecture.layers.first(where: { $0.name == layer }), info.params.contains(param) else { return nil }
        switch (info.type, param) {
        case ("conv2d", "kernel"): return ("k", "kernel weights")
        case ("lstm", "kernel"): return ("W", "input weights")
        case ("lstm", "recurrent_kernel"): return ("U", "recurrent weights")
        case (_, "kernel"): return ("w", "weights")
        case (_, "bias"): return ("b", "biases")
        case ("embedding", _): return ("E", "embeddings")
        case (_, "gamma"): return ("γ", "scales")
        case (_, "beta"): return ("β", "shifts")
        case ("multi_head_attention", let name):
            let letter = String(name.dropFirst()).uppercased()
            let what = ["Q": "query", "K": "key", "V": "value", "O": "output"][letter] ?? letter
            return (String(name.prefix(1)) + Self.subscriptLetter(letter), name.hasPrefix("w") ? "\(what) weights" : "\(what) biases")
        default: return (param, param.replacingOccurrences(of: "_", with: " "))
        }
    }

    private static func units(_ layer: LayerInfo) -> Int {
        if case .int(let units)? = layer.config["units"] { return units }
        return max(1, (layer.outputShape.last ?? 4))
    }

    /// "Q" → "_Q": a subscript in plain text (W_Q, z_f).
    static func subscriptLetter(_ letter: String) -> String { "_" + letter }

    /// "(1, 2)" for `[0, 1]`; "" for a scalar.
    public static func oneBased(_ index: [Int]) -> String {
        index.isEmpty ? "" : "(" + index.map { String($0 + 1) }.joined(separator: ", ") + ")"
    }

    /// The indices of flat position `flat` in `shape` (row-major), counted from 0.
    public static func indices(_ flat: Int, _ shape: [Int]) -> [Int] {
        var remainder = flat
        var result = [Int](repeating: 0, count: shape.count)
        for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] > 0 {
            result[axis] = remainder % shape[axis]
            remainder /= shape[axis]
        }
        return result
    }
}
