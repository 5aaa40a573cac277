import Foundation
import StepwiseTrace
import StepwiseRender

/// A block of generated content in a lesson: a fenced ```` ```stepwise-<kind> ```` block whose
/// body is YAML. Every directive names one of the lesson's specs and a step of its trace.
public enum Directive: Sendable {
    case figure(FigureDirective)
    case walkthrough(WalkthroughDirective)
    case table(TableDirective)
    case stepper(StepperDirective)
    case summary(SummaryDirective)
    case exercise(ExerciseDirective)
    case tokens(TokensDirective)
    case outline(OutlineDirective)
    case glossary(GlossaryDirective)

    public static let kinds = ["figure", "walkthrough", "table", "stepper", "summary",
                               "exercise", "tokens", "outline", "glossary"]

    /// Reads a directive body; `fenceLine` is the line of the opening fence.
    static func parse(kind: String, body: String, file: String, fenceLine: Int, specs: [String: URL]) throws -> Directive {
        guard kinds.contains(kind) else {
            throw LessonError(file: file, line: fenceLine,
                              message: "unknown directive \"stepwise-\(kind)\" (expected one of: \(kinds.map { "stepwise-\($0)" }.joined(separator: ", ")))")
        }
        // An outline needs no fields: its body may be empty.
        if kind == "outline" && body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .outline(OutlineDirective()) }
        let root = try YAMLField.parse(body, file: file, lineOffset: fenceLine, what: "stepwise-\(kind) block")
        switch kind {
        case "figure": return .figure(try FigureDirective(root, specs: specs))
        case "walkthrough": return .walkthrough(try WalkthroughDirective(root, specs: specs))
        case "table": return .table(try TableDirective(root, specs: specs))
        case "summary": return .summary(try SummaryDirective(root, specs: specs))
        case "exercise": return .exercise(try ExerciseDirective(root, specs: specs))
        case "tokens": return .tokens(try TokensDirective(root, specs: specs))
        case "outline": return .outline(try OutlineDirective(root))
        case "glossary": return .glossary(try GlossaryDirective(root, lessonFile: file))
        default: return .stepper(try StepperDirective(root, specs: specs))
        }
    }
}

/// Where a directive's numbers come from: a spec of the lesson and a step of its trace.
public struct TraceReference: Sendable, Hashable {
    /// The spec's name in the front matter.
    public let spec: String
    public let step: Int
    public let file: String
    public let line: Int

    init(_ fields: [String: YAMLField], in field: YAMLField, specs: [String: URL], spec given: String? = nil) throws {
        if let given {
            spec = given
        } else {
            let specField = try fields.required("spec", in: field)
            spec = try Self.specName(specField, specs: specs)
        }
        step = try fields["step"]?.integer() ?? 1
        guard step >= 1 else { throw fields["step"]!.error("expected a step number ≥ 1") }
        file = field.file
        line = field.line
    }

    func error(_ message: String) -> LessonError { LessonError(file: file, line: line, message: message) }

    /// A spec name the front matter lists.
    static func specName(_ field: YAMLField, specs: [String: URL]) throws -> String {
        let name = try field.string()
        guard specs[name] != nil else {
            let known = specs.keys.sorted()
            throw field.error("no spec named \"\(Excerpt(name))\" in the front matter (it lists: \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
        }
        return name
    }
}

/// `stepwise-figure`: one of the renderer's figures of a spec's trace.
///
///     spec: net            # a spec named in the front matter
///     figure: network      # the figure kind (`stepwise render --list`)
///     step: 1              # default 1
///     scope: hidden        # optional, as the figure kind expects
///     options: {color: gradient}
///     caption: The network after one step.
///
/// Loss charts (`loss`, `compare-loss`) also take:
///
///     specs: [slow, good, fast]        # compare-loss, gradient-through-time, optimizer-paths: the runs, instead of `spec`
///     labels: [η = 0.01, η = 0.1, η = 1] # their legend names (default: the spec names)
///     validation: held-out             # a spec whose data each kept step's model is evaluated on
///     validation-label: validation     # the dashed curves' name
///     loss: data                       # traced (default) or data: see `LossCurveKind`
public struct FigureDirective: Sendable {
    public let source: TraceReference
    public let kind: String
    public let scope: String?
    public let options: [String: String]
    public let caption: String
    /// compare-loss, gradient-through-time: every run's spec name (the first is `source.spec`)
    /// and legend label.
    public let runs: [(spec: String, label: String)]
    /// A spec whose data is the validation set.
    public let validation: String?
    public let validationLabel: String
    public let loss: LossCurveKind

    /// Which loss a loss chart draws for each run.
    public enum LossCurveKind: String, CaseIterable, Sendable {
        /// The trace's loss: each step's batch, with regularization, before the update.
        case traced
        /// The data loss (no regularization) on the whole training set, evaluated for the untrained
        /// network and after each kept step's update — smooth even for mini-batch runs.
        case data
    }

    static let lossKinds = ["loss", "compare-loss"]
    /// Figures of several specs' runs, which take `specs` and `labels` (sentence-similarity:
    /// several BERT specs, one sentence each).
    static let multiRunKinds = ["compare-loss", "gradient-through-time", "sentence-similarity", "optimizer-paths"]
    /// Figures that read each kept step's loss and parameters only, never its ops.
    static let summaryKinds = curveKinds + ["optimizer-paths"]
    /// Charts of a quantity per kept step, which may take a validation spec.
    static let curveKinds = lossKinds + ["accuracy"]

    init(_ field: YAMLField, specs: [String: URL]) throws {
        let fields = try field.object(allowed: ["spec", "specs", "labels", "figure", "step", "scope", "options", "caption",
                                                "validation", "validation-label", "loss"])
        kind = try fields.required("figure", in: field).string()
        var runSpecs: [String] = []
        if let specsField = fields["specs"] {
            guard Self.multiRunKinds.contains(kind) else {
                throw specsField.error("only \(Self.multiRunKinds.joined(separator: ", ")) figures take specs (others take spec)")
            }
            if let spec = fields["spec"] { throw spec.error("write either spec or specs, not both") }
            runSpecs = try specsField.list().map { try TraceReference.specName($0, specs: specs) }
            guard !runSpecs.isEmpty else { throw specsField.error("expected at least one spec") }
        }
        source = try TraceReference(fields, in: field, specs: specs, spec: runSpecs.first)
        if runSpecs.isEmpty && Self.multiRunKinds.contains(kind) { runSpecs = [source.spec] }
        var labels = runSpecs
        if let labelsField = fields["labels"] {
            guard Self.multiRunKinds.contains(kind) else { throw labelsField.error("only \(Self.multiRunKinds.joined(separator: ", ")) figures take labels") }
            labels = try labelsField.strings()
            guard labels.count == runSpecs.count else {
                throw labelsField.error("expected \(runSpecs.count) labels, one per spec, found \(labels.count)")
            }
        }
        runs = Array(zip(runSpecs, labels)).map { (spec: $0.0, label: $0.1) }
        scope = try fields["scope"]?.string()
        options = try fields["options"]?.textDictionary() ?? [:]
        caption = try fields.required("caption", in: field).string()
        for key in ["validation", "validation-label"] where fields[key] != nil && !Self.curveKinds.contains(kind) {
            throw fields[key]!.error("only loss, compare-loss and accuracy figures take \(key)")
        }
        if let lossField = fields["loss"], !Self.lossKinds.contains(kind) {
            throw lossField.error("only loss and compare-loss figures take loss")
        }
        validation = try fields["validation"].map { try TraceReference.specName($0, specs: specs) }
        validationLabel = try fields["validation-label"]?.string() ?? "validation"
        if let lossField = fields["loss"] {
            guard let kind = LossCurveKind(rawValue: try lossField.string()) else {
                throw lossField.error("expected one of \(LossCurveKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            loss = kind
        } else {
            loss = .traced
        }
    }
}

/// `stepwise-walkthrough`: a computation written out with the trace's numbers, as MathML.
///
///     spec: net
///     step: 1
///     show: chain-rule     # forward | chain-rule | update | loss | conv-cell | conv-kernel-gradient
///                          # | attention-row | lstm-step | lstm-cell-gradient
///                          # | bert-attention-row | bert-feed-forward (a BERT spec; layer and head
///                          # from 1, query = the token, from 0) | bert-pooling (no layer)
///                          # | bert-residual (a BERT spec; layer from 1, query, block)
///                          # | batch-gradient | sample-gradient | adam-update | momentum-update
///                          # | softmax | softmax-jacobian | matrix-form
///                          # | projection | layer-norm | feed-forward (one position of a sequence)
///     layer: output        # all but update, adam-update, momentum-update, sample-gradient, bert-pooling
///                          # and loss:
///                          # the layer (matrix-form: the first of two dense layers in a row)
///     unit: 0              # forward, chain-rule, feed-forward: the unit (column of the kernel); conv-cell: the
///                          # filter; lstm-step, lstm-cell-gradient: the unit
///     input: 1             # chain-rule: the input (row of the kernel)
///     param: output/kernel # update: a parameter …
///     index: [0, 1]        # … and the element; conv-cell: [row, column] of the output;
///                          # conv-kernel-gradient: [u, v, channel, filter] of the kernel
///     head: 1              # attention-row, projection: the head, from 1 as in scope names
///     query: 0             # attention-row: the query position, from 0; projection, layer-norm,
///                          # feed-forward: the position, from 0
///     time: 3              # lstm-step, lstm-cell-gradient: the time step t, from 1 as in scope names
///     sample: 1            # the sample of the batch, from 1 as in figure options (default 1;
///                          # softmax, softmax-jacobian too)
///     digits: 9            # significant digits shown, default 6
///     block: feed-forward  # bert-residual: the attention (default) or feed-forward block's sum and LayerNorm
///     phase: generator     # GAN traces: the step's discriminator (last) or generator update
///
/// `batch-gradient` writes ∂L/∂w_ij of a dense layer (`layer`, `input` i, `unit` j) as the sum
/// over the batch; `sample-gradient` (GAN, phase generator) follows dL_G/dG(z) of one generated
/// `sample` back from the discriminator's output through its dense layers.
///     subtotals: channel   # conv-cell: one subtotal per input channel, then their sum and the bias
public struct WalkthroughDirective: Sendable {
    public enum Show: String, CaseIterable, Sendable {
        case forward, chainRule = "chain-rule", update, loss
        case convCell = "conv-cell", convKernelGradient = "conv-kernel-gradient", attentionRow = "attention-row"
        case lstmStep = "lstm-step", lstmCellGradient = "lstm-cell-gradient"
        case bertAttentionRow = "bert-attention-row"
        case bertFeedForward = "bert-feed-forward", bertPooling = "bert-pooling"
        case bertResidual = "bert-residual"
        case batchGradient = "batch-gradient", sampleGradient = "sample-gradient"
        case adamUpdate = "adam-update", momentumUpdate = "momentum-update"
        case softmax, softmaxJacobian = "softmax-jacobian", matrixForm = "matrix-form"
        case projection, layerNorm = "layer-norm", feedForward = "feed-forward"

        /// The kinds that follow one parameter element (`param`, `index`) rather than a layer.
        var followsAParameter: Bool { [.update, .adamUpdate, .momentumUpdate].contains(self) }
    }

    public let source: TraceReference
    public let show: Show
    public let layer: String?
    public let unit: Int
    public let input: Int
    public let param: String?
    public let index: [Int]
    public let head: Int
    public let query: Int
    public let time: Int
    public let sample: Int
    public let digits: Int
    /// GAN traces: the update of the step shown, `discriminator` (its last one) or `generator`.
    public let phase: String?
    /// bert-residual: `attention` or `feed-forward`, the block whose residual sum is shown (nil: attention).
    public let block: String?
    /// conv-cell: sum each input channel's window first (R + G + B + b) instead of listing every product.
    public let channelSubtotals: Bool

    init(_ field: YAMLField, specs: [String: URL]) throws {
        let fields = try field.object(allowed: ["spec", "step", "show", "layer", "unit", "input", "param", "index", "head", "query", "time",
                                                "sample", "digits", "phase", "subtotals", "block"])
        source = try TraceReference(fields, in: field, specs: specs)
        let showField = try fields.required("show", in: field)
        guard let show = Show(rawValue: try showField.string()) else {
            throw showField.error("expected one of \(Show.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.show = show
        layer = try fields["layer"]?.string()
        unit = try fields["unit"]?.integer() ?? 0
        input = try fields["input"]?.integer() ?? 0
        param = try fields["param"]?.string()
        index = try fields["index"]?.integers() ?? []
        head = try fields["head"]?.integer() ?? 1
        query = try fields["query"]?.integer() ?? 0
        time = try fields["time"]?.integer() ?? 1
        sample = try fields["sample"]?.integer() ?? 1
        digits = try fields["digits"]?.integer() ?? 6
        phase = try fields["phase"]?.string()
        if let phase, !["discriminator", "generator"].contains(phase) {
            throw fields["phase"]!.error("expected discriminator or generator")
        }
        block = try fields["block"]?.string()
        if let block, let field = fields["block"] {
            guard ["attention", "feed-forward"].contains(block) else { throw field.error("expected attention or feed-forward") }
            guard show == .bertResidual else { throw field.error("block applies to show: bert-residual only") }
        }
        if show == .sampleGradient && phase != "generator" { throw field.error("show: sample-gradient needs phase: generator (a GAN's generator update)") }
        if !show.followsAParameter && show != .loss && show != .sampleGradient && show != .bertPooling && layer == nil { throw field.error("show: \(show.rawValue) needs a layer") }
        if show.followsAParameter && param == nil { throw field.error("show: \(show.rawValue) needs a param") }
        if let subtotals = fields["subtotals"] {
            guard try subtotals.string() == "channel" else { throw subtotals.error("expected channel (one subtotal per input channel)") }
            guard show == .convCell else { throw subtotals.error("subtotals apply to show: conv-cell only") }
        }
        channelSubtotals = fields["subtotals"] != nil
        if (show == .convCell || show == .convKernelGradient) && fields["index"] == nil {
            throw field.error(show == .convCell ? "show: conv-cell needs an index: [row, column] of the output"
                                                : "show: conv-kernel-gradient needs an index: [u, v, channel, filter] of the kernel")
        }
        for (key, value) in [("head", head), ("time", time), ("sample", sample)] where value < 1 {
            throw fields[key]!.error("expected a number from 1")
        }
        if let problem = DigitsRule.problem(significantDigits: digits) { throw fields["digits"]!.error(problem) }
    }
}

/// `stepwise-table`: traced values as a table — parameters (before, gradient, after) and/or op
/// values with their gradients.
///
///     spec: net
///     step: 1
///     params: [output/kernel, output/bias]
///     scopes: [hidden/bias_add, hidden/activation]
///     digits: 6
///     group: filter        # conv kernels: filter 1's weights, then filter 2's (default: as stored)
///     layout: side-by-side # scopes of shape [batch, 1]: one row per example, a column per scope
public struct TableDirective: Sendable {
    public let source: TraceReference
    public let params: [String]
    public let scopes: [String]
    public let digits: Int
    /// Conv kernel rows ordered filter by filter, not in storage order (which interleaves filters).
    public let groupByFilter: Bool
    /// The scopes' values side by side, one row per example (predictions next to their targets).
    public let sideBySide: Bool

    init(_ field: YAMLField, specs: [String: URL]) throws {
        let fields = try field.object(allowed: ["spec", "step", "params", "scopes", "digits", "group", "layout"])
        source = try TraceReference(fields, in: field, specs: specs)
        params = try fields["params"]?.strings() ?? []
        scopes = try fields["scopes"]?.strings() ?? []
        digits = try fields["digits"]?.integer() ?? 6
        if let group = fields["group"], try group.string() != "filter" { throw group.error("expected filter") }
        groupByFilter = fields["group"] != nil
        if let layout = fields["layout"], try layout.string() != "side-by-side" { throw layout.error("expected side-by-side") }
        sideBySide = fields["layout"] != nil
        if sideBySide && scopes.count < 2 { throw field.error("layout: side-by-side needs two or more scopes") }
        if let problem = DigitsRule.problem(significantDigits: digits) { throw fields["digits"]!.error(problem) }
        if params.isEmpty && scopes.isEmpty { throw field.error("a table needs params or scopes") }
    }
}

/// `stepwise-summary`: the model's layers as Keras's `model.summary()` lists them — layer and
/// class, output shape with `None` for the batch axis, parameter count, and the totals.
///
///     spec: cifar
///     caption: The classic CIFAR-10 network.   # optional
public struct SummaryDirective: Sendable {
    public let source: TraceReference
    public let caption: String?

    init(_ field: YAMLField, specs: [String: URL]) throws {
        let fields = try field.object(allowed: ["spec", "caption"])
        source = try TraceReference(fields, in: field, specs: specs)
        caption = try fields["caption"]?.string()
    }
}

/// `stepwise-stepper`: a sequence of steps shown one at a time (all in order without JavaScript).
/// Each step has a title, optional Markdown text, and optionally one figure, walkthrough or
/// table written as in their own blocks.
///
///     title: The forward pass
///     steps:
///       - title: Hidden layer
///         text: Each hidden unit sums its weighted inputs.
///         walkthrough: {spec: net, show: forward, layer: hidden, unit: 0}
///       - title: Output layer
///         figure: {spec: net, figure: network, caption: The output layer lights up.}
public struct StepperDirective: Sendable {
    public struct Step: Sendable {
        public let title: String
        public let text: String
        /// What the step shows under its text, in this order: a figure, a walkthrough, a table
        /// (each optional; a figure above a walkthrough shows what the formulas compute).
        public let contents: [Directive]
    }

    public let title: String
    public let steps: [Step]

    init(_ field: YAMLField, specs: [String: URL]) throws {
        let fields = try field.object(allowed: ["title", "steps"])
        title = try fields.required("title", in: field).string()
        steps = try fields.required("steps", in: field).list().map { stepField in
            let stepFields = try stepField.object(allowed: ["title", "text", "figure", "walkthrough", "table"])
            var contents: [Directive] = []
            if let figure = stepFields["figure"] { contents.append(.figure(try FigureDirective(figure, specs: specs))) }
            if let walkthrough = stepFields["walkthrough"] { contents.append(.walkthrough(try WalkthroughDirective(walkthrough, specs: specs))) }
            if let table = stepFields["table"] { contents.append(.table(try TableDirective(table, specs: specs))) }
            return Step(title: try stepFields.required("title", in: stepField).string(),
                        text: try stepFields["text"]?.string() ?? "", contents: contents)
        }
        if steps.isEmpty { throw field.error("a stepper needs at least one step") }
    }
}

/// `stepwise-tokens`: texts through a BERT spec's WordPiece tokenizer, step by step (words and
/// punctuation, then `##` pieces, then `[CLS] … [SEP]` with their ids), from the engine.
///
///     spec: hello                                # a BERT spec: its checkpoint's vocabulary
///     texts: ["Hello, my dog is cute", "unaffable"]
public struct TokensDirective: Sendable {
    public let spec: String
    public let texts: [String]
    public let file: String
    public let line: Int

    init(_ field: YAMLField, specs: [String: URL]) throws {
        let fields = try field.object(allowed: ["spec", "texts"])
        spec = try TraceReference.specName(try fields.required("spec", in: field), specs: specs)
        let textsField = try fields.required("texts", in: field)
        texts = try textsField.strings()
        guard !texts.isEmpty, texts.allSatisfy({ !$0.isEmpty }) else { throw textsField.error("expected a list of texts, none empty") }
        file = field.file
        line = field.line
    }

    func error(_ message: String) -> LessonError { LessonError(file: file, line: line, message: message) }
}
