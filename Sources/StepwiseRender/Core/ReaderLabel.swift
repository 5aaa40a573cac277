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

    /// How a layer's units read: a noun ("hidden neuron", "filter"), alone or of a layer phrase
    /// ("neuron 2 of the first hidden layer", "filter 3 of convolution layer 2").
    private struct UnitNoun: Sendable {
        let noun: String
        /// The phrase the noun belongs to, and the templates that join them (with and without
        /// "the"), or nil when the noun says it all.
        let owner: (phrase: String, number: LabelWords, axis: LabelWords)?
    }

    public init(_ architecture: Architecture, edition: Edition = .en) {
        self.edition = edition
        self.architecture = architecture
        var phrases: [String: String] = [:]
        var nouns: [String: UnitNoun] = [:]
        let say = { (entry: LabelWords, values: [String: String]) in Self.say(entry, values, edition) }
        // A GAN's two networks are labelled each on its own: "hidden layer of the generator".
        var groups: [(network: String?, layers: ArraySlice<LayerInfo>)] = [(nil, architecture.layers[...])]
        if let networks = architecture.networks, networks.reduce(0, { $0 + $1.layerCount }) == architecture.layers.count {
            var first = 0
            groups = networks.map { network in
                defer { first += network.layerCount }
                return (Self.network(network.name, edition), architecture.layers[first..<first + network.layerCount])
            }
        }
        for (network, layers) in groups {
            let lastDense = layers.lastIndex { $0.type == "dense" }
            let hiddenDense = layers.indices.filter { layers[$0].type == "dense" && $0 != lastDense }
            var seen: [LabelWords: Int] = [:]
            for position in layers.indices {
                let layer = layers[position]
                let family = Self.family(layer.type)
                seen[family.word, default: 0] += 1
                let sameKind = layers.filter { Self.family($0.type).word == family.word }.count
                let word = family.word == .otherLayer ? say(.otherLayer, ["type": layer.type.replacingOccurrences(of: "_", with: " ")]) : say(family.word, [:])
                var phrase: String
                var noun: UnitNoun
                switch layer.type {
                case "dense" where position == lastDense:
                    phrase = say(.outputLayer, [:])
                    noun = UnitNoun(noun: say(.outputNeuron, [:]), owner: nil)
                case "dense":
                    let rank = (hiddenDense.firstIndex(of: position) ?? 0) + 1
                    if hiddenDense.count > 1 {
                        let ordinals: [LabelWords] = [.firstHiddenLayer, .secondHiddenLayer, .thirdHiddenLayer, .fourthHiddenLayer, .fifthHiddenLayer]
                        phrase = rank <= 5 ? say(ordinals[rank - 1], [:]) : say(.hiddenLayerNumber, ["n": String(rank)])
                        noun = UnitNoun(noun: CommonWords.neuron(edition), owner: (phrase, .unitOfTheLayer, .unitAxisOfTheLayer))
                    } else {
                        phrase = say(.hiddenLayer, [:])
                        noun = UnitNoun(noun: say(.hiddenNeuron, [:]), owner: nil)
                    }
                default:
                    phrase = sameKind > 1 ? say(.layerNumber, ["layer": word, "n": String(seen[family.word]!)]) : word
                    noun = UnitNoun(noun: say(family.unit, [:]), owner: sameKind > 1 ? (phrase, .unitOfLayer, .unitAxisOfLayer) : nil)
                }
                if let network {
                    phrase = say(.layerOfNetwork, ["layer": phrase, "network": network])
                    noun = UnitNoun(noun: noun.noun, owner: (noun.owner == nil ? network : phrase, .unitOfTheLayer, .unitAxisOfTheLayer))
                }
                phrases[layer.name] = phrase
                nouns[layer.name] = noun
            }
        }
        layerPhrases = phrases
        unitNouns = nouns
    }

    /// A layer type's words: the layer ("convolution layer") and one of its units ("filter").
    private static func family(_ type: String) -> (word: LabelWords, unit: LabelWords) {
        switch type {
        case "dense": return (.denseLayer, .unit)
        case "conv2d": return (.convolutionLayer, .filter)
        case "max_pool2d": return (.maxPoolingLayer, .channel)
        case "avg_pool2d": return (.averagePoolingLayer, .channel)
        case "flatten": return (.flattenLayer, .feature)
        case "lstm": return (.lstmLayer, .lstmUnit)
        case "multi_head_attention": return (.attentionLayer, .feature)
        case "positional_encoding": return (.positionalEncoding, .feature)
        case "layer_norm": return (.layerNormalisation, .feature)
        case "embedding": return (.embeddingLayer, .feature)
        case "bert_embeddings": return (.bertEmbeddings, .feature)
        case "bert_layer": return (.bertEncoderLayer, .feature)
        case "bert_pooler": return (.bertPooler, .feature)
        case "mean_pooling": return (.meanPooling, .feature)
        default: return (.otherLayer, .unit)
        }
    }

    /// A GAN network's name in words: "generator", "discriminator" (another name as it is).
    public static func network(_ name: String, _ edition: Edition = .en) -> String {
        switch name {
        case "generator": return LabelWords.generator(edition)
        case "discriminator": return LabelWords.discriminator(edition)
        default: return name
        }
    }

    /// Fills a catalogue entry in `edition`, with the space Chinese puts between Chinese and Latin.
    private static func say(_ entry: some PhraseBook, _ values: [String: String], _ edition: Edition) -> String {
        entry.typeset(edition, values)
    }

    /// A catalogue entry filled in this label's edition.
    private func say(_ entry: some PhraseBook, _ values: [String: String] = [:]) -> String {
        Self.say(entry, values, edition)
    }

    /// A label entry filled in this label's edition.
    private func say(_ entry: LabelWords, _ values: [String: String] = [:]) -> String {
        Self.say(entry, values, edition)
    }

    /// "symbol, words", or the words alone when there is no symbol.
    private func labelled(_ symbol: String, _ words: String) -> String {
        symbol.isEmpty ? words : say(.labelled, ["symbol": symbol, "words": words])
    }

    /// The words of `items` joined by commas ("，" in Chinese).
    private func joined(_ items: [String]) -> String {
        items.joined(separator: say(.separator))
    }

    /// A scope's parts, its layer first: a layer's name may hold "/" (a GAN's
    /// "generator/hidden"); a GAN network's name before its "loss" is dropped.
    private func parts(_ scope: String) -> [String] {
        let names = architecture.layers.map(\.name).filter { scope == $0 || scope.hasPrefix($0 + "/") }
        if let layer = names.max(by: { $0.count < $1.count }) {
            return [layer] + scope.dropFirst(layer.count).split(separator: "/").map(String.init)
        }
        var parts = scope.split(separator: "/").map(String.init)
        if parts.count > 1, architecture.networks?.contains(where: { $0.name == parts[0] }) == true { parts.removeFirst() }
        return parts
    }

    // MARK: The model

    /// The model in words, for titles: "the 2-2-2 network" for dense layers on a flat input,
    /// "the convolutional network", "the LSTM network", "the attention network".
    public var model: String {
        let types = Set(architecture.layers.map(\.type))
        if types.contains("multi_head_attention") { return say(.attentionNetwork) }
        if types.contains("lstm") { return say(.lstmNetwork) }
        if types.contains("conv2d") { return say(.convolutionalNetwork) }
        if types.contains("bert_layer") { return say(.bertEncoder) }
        if types.isSubset(of: ["dense", "flatten"]) {
            let sizes = [architecture.inputShape.reduce(1, *)] + architecture.layers.filter { $0.type == "dense" }.map { $0.outputShape.last ?? 0 }
            return say(.sizedNetwork, ["sizes": sizes.map(String.init).joined(separator: "-")])
        }
        return say(.network)
    }

    /// The loss in words: "mean squared error", "binary cross-entropy", "cross-entropy".
    public static func loss(_ name: String, _ edition: Edition = .en) -> String {
        switch name {
        case "mse": return LabelWords.meanSquaredError(edition)
        case "binary_crossentropy": return LabelWords.binaryCrossEntropy(edition)
        case "categorical_crossentropy", "sparse_categorical_crossentropy": return LabelWords.crossEntropy(edition)
        case "none": return LabelWords.noLoss(edition)
        default: return name.replacingOccurrences(of: "_", with: " ")
        }
    }

    /// The optimizer in words: "SGD", "Adam" (names, the same in every edition).
    public static func optimizer(_ name: String, _ edition: Edition = .en) -> String {
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
        let number = String(index + 1)
        guard let noun = unitNouns[layer] else { return say(.unknownUnit, ["n": number, "layer": self.layer(layer)]) }
        guard let owner = noun.owner else { return say(.unitNumber, ["noun": noun.noun, "n": number]) }
        return say(owner.number, ["noun": noun.noun, "n": number, "layer": owner.phrase])
    }

    /// What feeds a dense or LSTM layer's kernel rows: the inputs, the flattened features of a
    /// convolution, or the units of the layer before.
    private enum Source {
        case input, inputFeature, flattenedFeature
        case unit(layer: String)
    }

    private func source(of layer: String) -> Source {
        guard let position = architecture.layers.firstIndex(where: { $0.name == layer }) else { return .input }
        let network = network(of: position)
        var previous = position - 1
        while previous >= network.first && ["flatten", "positional_encoding", "layer_norm"].contains(architecture.layers[previous].type) { previous -= 1 }
        guard previous >= network.first else { return network.inputShape.count > 1 ? .inputFeature : .input }
        let before = architecture.layers[previous]
        if architecture.layers[position - 1].type == "flatten" || ["conv2d", "max_pool2d", "avg_pool2d"].contains(before.type) {
            return .flattenedFeature
        }
        return .unit(layer: before.name)
    }

    /// Where the network of the layer at `position` starts, and its input's shape: a GAN's
    /// discriminator starts after the generator and reads a sample; a single model starts at 0.
    private func network(of position: Int) -> (first: Int, inputShape: [Int]) {
        var first = 0
        for network in architecture.networks ?? [] {
            if position < first + network.layerCount { return (first, network.inputShape) }
            first += network.layerCount
        }
        return (0, architecture.inputShape)
    }

    /// What a dense or LSTM layer's kernel rows are: the previous layer's units, or the inputs.
    public func source(of layer: String, _ index: Int) -> String {
        let number = ["n": String(index + 1)]
        switch source(of: layer) {
        case .input: return say(.inputNumber, number)
        case .inputFeature: return say(.inputFeatureNumber, number)
        case .flattenedFeature: return say(.flattenedFeatureNumber, number)
        case .unit(let before): return unit(before, index)
        }
    }

    /// What a layer's units are called as an axis: "hidden neuron", "output neuron", "filter".
    public func unitAxis(_ layer: String) -> String {
        guard let noun = unitNouns[layer] else { return say(.unit) }
        guard let owner = noun.owner else { return noun.noun }
        return say(owner.axis, ["noun": noun.noun, "layer": owner.phrase])
    }

    /// What a layer's kernel rows are as an axis: "input", "hidden neuron".
    public func sourceAxis(of layer: String) -> String {
        switch source(of: layer) {
        case .input: return CommonWords.input(edition)
        case .inputFeature: return say(.inputFeature)
        case .flattenedFeature: return say(.flattenedFeature)
        case .unit(let before): return unitAxis(before)
        }
    }

    // MARK: Whole tensors

    /// A tensor as a whole, by scope or parameter key: "z, net input of the output layer",
    /// "w, weights of the hidden layer", "L, the loss".
    public func quantity(_ scope: String) -> String {
        let parts = parts(scope)
        if let layer = parts.first, layerPhrases[layer] != nil, parts.count == 2, let param = parameterWords(layer, parts[1]) {
            return labelled(param.symbol, say(.ofTheLayer, ["words": param.plural, "layer": self.layer(layer)]))
        }
        let role = role(parts)
        if parts.first == "loss" { return labelled(role.symbol, role.words) }
        var words = role.words
        if let layer = parts.first, layerPhrases[layer] != nil { words = say(.ofTheLayer, ["words": words, "layer": self.layer(layer)]) }
        return labelled(role.symbol, joined([words] + (role.context.isEmpty ? [] : [role.context])))
    }

    /// A symbol for the tensor, for short titles: "z", "a", "ŷ", "w", "α".
    public func symbol(_ scope: String) -> String {
        let parts = parts(scope)
        if let layer = parts.first, layerPhrases[layer] != nil, parts.count == 2, let param = parameterWords(layer, parts[1]) {
            return param.symbol
        }
        return role(parts).symbol
    }

    // MARK: Elements

    /// One element of an op's value (`scope`, `index` counted from 0 over `shape`):
    /// "z, net input of output neuron 1, example 4".
    public func element(_ scope: String, index: [Int], shape: [Int]) -> String {
        let parts = parts(scope)
        // A parameter read as an op: the parameter's own label ("w, weight from input 1 to …").
        if let layer = parts.first, layerPhrases[layer] != nil, parts.count == 2, parameterWords(layer, parts[1]) != nil {
            return parameter(scope, index: index)
        }
        let role = role(parts)
        let place = describe(axes: axes(scope, shape: shape), index: index)
        let context = role.context.isEmpty ? [] : [role.context]
        var words = role.words
        // "net input of output neuron 1": the unit phrase owns the role.
        if let owner = place.owner { words = say(.ofUnit, ["words": words, "unit": owner]) }
        else if let layer = parts.first, layerPhrases[layer] != nil, !role.standalone { words = say(.ofTheLayer, ["words": words, "layer": self.layer(layer)]) }
        return labelled(role.symbol, joined([words] + place.rest + context + place.example))
    }

    /// One element of a parameter (`layer/param` key, `index` counted from 0):
    /// "w, weight from input 1 to hidden neuron 2", "b, bias of output neuron 1".
    public func parameter(_ key: String, index: [Int]) -> String {
        let parts = parts(key)
        guard parts.count == 2, let layer = architecture.layers.first(where: { $0.name == parts[0] }) else {
            return "\(key.replacingOccurrences(of: "_", with: " ")) \(Self.oneBased(index))"
        }
        let name = parts[1]
        let i = index.first ?? 0, j = index.count > 1 ? index[1] : 0
        switch (layer.type, name) {
        case ("dense", "kernel"):
            return say(.denseWeight, ["source": source(of: layer.name, i), "unit": unit(layer.name, j)])
        case ("dense", "bias"), ("conv2d", "bias"):
            return say(.biasOf, ["unit": unit(layer.name, i)])
        case ("conv2d", "kernel") where index.count == 4:
            return say(.convKernelWeight, ["row": String(index[0] + 1), "column": String(index[1] + 1), "channel": String(index[2] + 1),
                                           "unit": unit(layer.name, index[3])])
        case ("lstm", "kernel"), ("lstm", "recurrent_kernel"), ("lstm", "bias"):
            let units = Self.units(layer)
            let column = index.last ?? 0
            let gate = say(Self.gates[min(3, column / max(1, units))])
            let target = say(.gateOfUnit, ["gate": gate, "unit": unit(layer.name, column % max(1, units))])
            if name == "bias" { return say(.biasOf, ["unit": target]) }
            if name == "kernel" { return say(.lstmInputWeight, ["source": source(of: layer.name, i), "target": target]) }
            return say(.lstmRecurrentWeight, ["source": unit(layer.name, i), "target": target])
        case ("multi_head_attention", let weight) where weight.hasPrefix("w"):
            let letter = weight.dropFirst().uppercased()
            let symbol = "W\(Self.subscriptLetter(letter))"
            return letter == "O"
                ? say(.attentionOutputWeight, ["symbol": symbol, "i": String(i + 1), "j": String(j + 1)])
                : say(.attentionWeight, ["symbol": symbol, "what": attentionPart(letter), "i": String(i + 1), "j": String(j + 1)])
        case ("multi_head_attention", let bias) where bias.hasPrefix("b"):
            let letter = bias.dropFirst().uppercased()
            return say(.attentionBias, ["symbol": "b\(Self.subscriptLetter(letter))", "what": attentionPart(letter), "i": String(i + 1)])
        case ("embedding", _):
            return say(.embeddingOfToken, ["token": String(i), "n": String(j + 1)])
        case ("layer_norm", "gamma"):
            return say(.scaleOfFeature, ["n": String(i + 1)])
        case ("layer_norm", "beta"):
            return say(.shiftOfFeature, ["n": String(i + 1)])
        default:
            return say(.otherParameter, ["name": name.replacingOccurrences(of: "_", with: " "), "index": Self.oneBased(index), "layer": self.layer(layer.name)])
        }
    }

    /// The words for an attention projection's letter: "query", "key", "value", "output".
    private func attentionPart(_ letter: String) -> String {
        switch letter {
        case "Q": return say(.query)
        case "K": return say(.key)
        case "V": return CommonWords.value(edition)
        case "O": return CommonWords.output(edition)
        default: return letter
        }
    }

    /// What each axis of a parameter indexes: ["input", "hidden neuron"] for a dense kernel.
    public func parameterAxes(_ key: String, rank: Int) -> [String] {
        let parts = parts(key)
        let numbered = (0..<rank).map { say(.indexNumber, ["n": String($0 + 1)]) }
        guard parts.count == 2, let layer = architecture.layers.first(where: { $0.name == parts[0] }) else { return numbered }
        let from = { (axis: String) in self.say(.fromAxis, ["axis": axis]) }
        let to = { (axis: String) in self.say(.toAxis, ["axis": axis]) }
        switch (layer.type, parts[1], rank) {
        case ("dense", "kernel", 2): return [from(sourceAxis(of: layer.name)), to(unitAxis(layer.name))]
        case (_, "bias", 1): return [unitAxis(layer.name)]
        case ("conv2d", "kernel", 4): return [say(.kernelRow), say(.kernelColumn), say(.inputChannel), say(.filter)]
        case ("lstm", "kernel", 2): return [from(sourceAxis(of: layer.name)), to(say(.lstmGates))]
        case ("lstm", "recurrent_kernel", 2): return [from(say(.lstmUnit)), to(say(.lstmGates))]
        case ("embedding", _, 2): return [say(.token), say(.feature)]
        case ("multi_head_attention", _, 2): return [from(say(.feature)), to(say(.component))]
        default: return numbered
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
        let parts = parts(scope)
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
        case .example: return CommonWords.example(edition)
        case .unit(let layer): return unitAxis(layer)
        case .row: return say(.row)
        case .column: return say(.column)
        case .position: return say(.position)
        case .timeStep: return say(.timeStepAxis)
        case .queryPosition: return say(.queryPosition)
        case .keyPosition: return say(.keyPosition)
        case .component: return say(.component)
        }
    }

    /// The words for one index along each axis, split into the unit that owns the value, the
    /// other places, and the example.
    private func describe(axes: [Axis], index: [Int]) -> (owner: String?, rest: [String], example: [String]) {
        var owner: String?
        var rest: [String] = []
        var example: [String] = []
        for (axis, value) in zip(axes, index) {
            let number = ["n": String(value + 1)]
            switch axis {
            case .example: example.append(say(CommonWords.exampleNumber, number))
            case .unit(let layer): owner = unit(layer, value)
            case .row: rest.append(say(.rowNumber, number))
            case .column: rest.append(say(.columnNumber, number))
            case .position: rest.append(say(.positionNumber, number))
            case .timeStep: rest.append(say(.timeStepNumber, number))
            case .queryPosition: rest.append(say(.queryPositionNumber, number))
            case .keyPosition: rest.append(say(.keyPositionNumber, number))
            case .component: rest.append(say(.componentNumber, number))
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

    /// A role as the tables below give it: its symbol and its words' catalogue entry.
    private struct Entry: Sendable {
        let symbol: String
        let words: any PhraseBook
        var standalone = false
        init(_ symbol: String, _ words: any PhraseBook, standalone: Bool = false) {
            self.symbol = symbol
            self.words = words
            self.standalone = standalone
        }
    }

    private func role(_ entry: Entry) -> Role {
        Role(symbol: entry.symbol, words: say(entry.words), standalone: entry.standalone)
    }

    /// The role of an op by its scope's parts (`[layer, …, name]`).
    private func role(_ parts: [String]) -> Role {
        guard let name = parts.last else { return Role(symbol: "", words: CommonWords.value(edition)) }
        var context: [String] = []
        for part in parts.dropFirst().dropLast() {
            if part.hasPrefix("head"), let number = Int(part.dropFirst(4)) { context.append(say(.headNumber, ["n": String(number)])) }
            if part.hasPrefix("t"), let number = Int(part.dropFirst()) { context.append(say(.timeStepNumber, ["n": String(number)])) }
        }
        var role = words(name, parts: parts)
        role.context = joined(context)
        return role
    }

    private func isOutputLayer(_ name: String?) -> Bool {
        guard let name else { return false }
        return architecture.layers.last?.name == name && architecture.layers.last?.type == "dense"
    }

    /// Symbol and words for a scope's last part.
    private func words(_ name: String, parts: [String]) -> Role {
        let layerType = parts.first.flatMap { first in architecture.layers.first { $0.name == first }?.type }
        if parts.first == "loss" { return role(name, in: Self.lossRoles, otherwise: .lossTerm) }
        if parts == ["input"] { return Role(symbol: "", words: CommonWords.input(edition)) }
        if parts.count >= 2, parts[parts.count - 2] == "regularizer" { return regularizerWords(name) }
        switch (layerType, name) {
        case (_, "matmul"): return role(Entry("Σ w·x", LabelWords.weightedSum))
        case (_, "bias_add"): return role(Entry("z", LabelWords.netInput))
        case (_, "activation"):
            return isOutputLayer(parts.first) ? Role(symbol: "ŷ", words: CommonWords.prediction(edition)) : Role(symbol: "a", words: CommonWords.output(edition))
        case (_, "convolution"): return role(Entry("Σ k·x", LabelWords.sumOfProducts))
        case (_, "max_pool"): return role(Entry("p", LabelWords.windowMaximum))
        case (_, "avg_pool"): return role(Entry("p", LabelWords.windowAverage))
        case (_, "reshape"): return role(Entry("x", LabelWords.flattenedValue))
        case ("lstm", _): return lstmWords(name)
        case ("multi_head_attention", _): return role(name, in: Self.attentionRoles)
        case ("layer_norm", _): return role(name, in: Self.layerNormRoles)
        case ("embedding", "lookup"): return role(Entry("e", LabelWords.embedding))
        case ("positional_encoding", _): return role(Entry("x + PE", LabelWords.inputPlusPositionalEncoding))
        default: return Role(symbol: "", words: name.replacingOccurrences(of: "_", with: " "))
        }
    }

    /// The role `table` gives an op's last scope part, or its name in words (`per_head` → "per
    /// head", in the `otherwise` template) for a part the table does not know.
    private func role(_ name: String, in table: [String: Entry], otherwise template: LabelWords? = nil) -> Role {
        if let entry = table[name] { return role(entry) }
        let spelled = name.replacingOccurrences(of: "_", with: " ")
        return Role(symbol: "", words: template.map { say($0, ["name": spelled]) } ?? spelled)
    }

    /// A kernel penalty's ops (`Regularizer`): |w| or w², their sums, the L1/L2 terms, the total.
    private func regularizerWords(_ name: String) -> Role {
        switch name {
        case "abs": return role(Entry("", LabelWords.weightAbs))
        case "square": return role(Entry("", LabelWords.weightSquare))
        case "l1_sum": return role(Entry("", LabelWords.weightAbsSum))
        case "l2_sum": return role(Entry("", LabelWords.weightSquareSum))
        case "total": return role(Entry("", LabelWords.totalWeightPenalty))
        default: return Role(symbol: "", words: say(.weightPenalty, ["kind": name.uppercased()]))
        }
    }

    /// The loss ops by their scope's last part.
    private static let lossRoles: [String: Entry] = [
        "targets": Entry("t", CommonWords.target),
        "error": Entry("ŷ − t", LabelWords.predictionError),
        "squared_error": Entry("(ŷ − t)²", LabelWords.squaredError),
        "squared": Entry("(ŷ − t)²", LabelWords.squaredError),
        "mean": Entry("L", LabelWords.meanLoss, standalone: true),
        "total": Entry("L", LabelWords.totalLoss, standalone: true),
        "clipped": Entry("ŷ", LabelWords.clippedPrediction),
        "log_y": Entry("log ŷ", LabelWords.logPrediction),
        "one_minus_y": Entry("1 − ŷ", LabelWords.oneMinusPrediction),
        "log_one_minus_y": Entry("log(1 − ŷ)", LabelWords.logOneMinusPrediction),
        "one_minus_t": Entry("1 − t", LabelWords.oneMinusTarget),
        "t_log_y": Entry("t log ŷ", LabelWords.targetTimesLogPrediction),
        "one_minus_t_log_one_minus_y": Entry("(1 − t) log(1 − ŷ)", LabelWords.crossEntropySecondTerm),
        "log_likelihood": Entry("log p", LabelWords.logLikelihood),
        "per_sample": Entry("Σ t log ŷ", LabelWords.sumOverClasses),
        "sum_t_log_y": Entry("Σ t log ŷ", LabelWords.sumOverClasses),
        "per_element": Entry("", LabelWords.lossPerElement),
        "one": Entry("1", LabelWords.constantOne, standalone: true),
        "regularization": Entry("", LabelWords.regularizationTerm),
    ]

    /// The four gates of an LSTM in the order of its kernel's column blocks (i, f, g, o).
    static let gates: [LabelWords] = [.inputGate, .forgetGate, .candidate, .outputGate]
    private static let gateSymbols: [String: (String, LabelWords)] = [
        "input_gate": ("i", .inputGate), "forget_gate": ("f", .forgetGate), "candidate": ("g", .candidate), "output_gate": ("o", .outputGate)]

    private func lstmWords(_ name: String) -> Role {
        if let gate = Self.gateSymbols[name] { return role(Entry(gate.0, gate.1)) }
        if name.hasSuffix("_preactivation"), let gate = Self.gateSymbols[String(name.dropLast("_preactivation".count))] {
            return Role(symbol: "z", words: say(.gatePreactivation, ["gate": say(gate.1)]))
        }
        return role(name, in: Self.lstmRoles)
    }

    /// An LSTM time step's ops (the gates are in `gateSymbols`).
    private static let lstmRoles: [String: Entry] = [
        "input": Entry("x", CommonWords.input),
        "input_projection": Entry("x·W", LabelWords.inputProjection),
        "recurrent_projection": Entry("h·U", LabelWords.recurrentProjection),
        "projections": Entry("x·W + h·U", LabelWords.bothProjections),
        "preactivation": Entry("z", LabelWords.gatePreactivations),
        "kept_cell": Entry("f·c", LabelWords.keptCell),
        "written_cell": Entry("i·g", LabelWords.writtenCell),
        "cell": Entry("c", LabelWords.cellState),
        "cell_tanh": Entry("tanh c", LabelWords.squashedCellState),
        "hidden": Entry("h", LabelWords.hiddenState),
        "sequence": Entry("h", LabelWords.hiddenState),
        "initial_hidden": Entry("h₀", LabelWords.initialHiddenState),
        "initial_cell": Entry("c₀", LabelWords.initialCellState),
    ]

    /// An attention layer's ops: projections, each head's scores and weights, the output.
    private static let attentionRoles: [String: Entry] = [
        "query_matmul": Entry("q", LabelWords.query),
        "query_bias_add": Entry("q", LabelWords.query),
        "query": Entry("q", LabelWords.query),
        "key_matmul": Entry("k", LabelWords.key),
        "key_bias_add": Entry("k", LabelWords.key),
        "key": Entry("k", LabelWords.key),
        "value_matmul": Entry("v", CommonWords.value),
        "value_bias_add": Entry("v", CommonWords.value),
        "value": Entry("v", CommonWords.value),
        "dot_products": Entry("q·k", LabelWords.dotProduct),
        "scores": Entry("s", LabelWords.score),
        "masked_scores": Entry("s", LabelWords.maskedScore),
        "weights": Entry("α", LabelWords.attentionWeightAlpha),
        "context": Entry("o", LabelWords.context),
        "concat_heads": Entry("o", LabelWords.concatenatedContexts),
        "output_matmul": Entry("o·W_O", LabelWords.contextTimesOutputWeights),
        "output": Entry("y", LabelWords.attentionOutput),
    ]

    /// A layer normalisation's ops.
    private static let layerNormRoles: [String: Entry] = [
        "mean": Entry("μ", LabelWords.featureMean),
        "centered": Entry("x − μ", LabelWords.centredValue),
        "squared": Entry("(x − μ)²", LabelWords.squaredDeviation),
        "variance": Entry("σ²", LabelWords.featureVariance),
        "variance_epsilon": Entry("σ² + ε", LabelWords.varianceEpsilon),
        "std": Entry("σ", LabelWords.standardDeviation),
        "normalized": Entry("x̂", LabelWords.normalisedValue),
        "scale": Entry("γx̂", LabelWords.scaledValue),
        "shift": Entry("γx̂ + β", LabelWords.layerNormOutput),
        "epsilon": Entry("ε", LabelWords.constantEpsilon, standalone: true),
    ]

    /// A parameter's symbol and plural words ("w", "weights"), or nil when `param` is not one of
    /// the layer's parameters.
    private func parameterWords(_ layer: String, _ param: String) -> (symbol: String, plural: String)? {
        guard let info = architecture.layers.first(where: { $0.name == layer }), info.params.contains(param) else { return nil }
        switch (info.type, param) {
        case ("conv2d", "kernel"): return ("k", say(.kernelWeights))
        case ("lstm", "kernel"): return ("W", say(.inputWeights))
        case ("lstm", "recurrent_kernel"): return ("U", say(.recurrentWeights))
        case (_, "kernel"): return ("w", say(.weights))
        case (_, "bias"): return ("b", say(.biases))
        case ("embedding", _): return ("E", say(.embeddings))
        case (_, "gamma"): return ("γ", say(.scales))
        case (_, "beta"): return ("β", say(.shifts))
        case ("multi_head_attention", let name):
            let letter = String(name.dropFirst()).uppercased()
            let what = attentionPart(letter)
            return (String(name.prefix(1)) + Self.subscriptLetter(letter), say(name.hasPrefix("w") ? .attentionWeights : .attentionBiases, ["what": what]))
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
