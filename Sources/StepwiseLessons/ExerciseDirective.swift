import Foundation
import StepwiseRender
import StepwiseTrace
import Yams

/// `stepwise-exercise`: a question for the reader whose answer the build reads from the trace,
/// folded away under "Show the answer" — never typed by hand.
///
///     spec: net
///     step: 2                    # default 1; the step every quantity below reads (each may set its own)
///     question: |                # Markdown; {name} is replaced by the `given` value of that name
///       The weight was {w} before the second update. What is its gradient?
///     given:                     # optional: numbers the question names, read like the answer
///       w: {param: output/kernel, index: [0, 0], of: before}
///     answer: {param: output/kernel, index: [0, 0], of: grad}
///     worked: {show: chain-rule, layer: output, input: 0, unit: 0}   # optional walkthrough
///     digits: 4                  # significant digits of the numbers, default 6
///     phase: generator           # a GAN spec's: which update of the step every quantity reads
///
/// A quantity (`answer`, each `given`) is one of (see `ExerciseQuantity`):
///
///     {param: output/kernel, index: [0, 1], of: before | grad | after}
///     {scope: hidden/activation, index: [0, 1], of: value | grad}
///     loss                       # the step's traced loss ({loss: 11}: step 11's)
///     accuracy                   # on the whole training set after the step's update ({accuracy: 11})
///     parameters                 # the model's parameter count ({parameters: conv1}: one layer's)
public struct ExerciseDirective: Sendable {
    public let source: TraceReference
    /// The question's Markdown as written, `{name}` placeholders included.
    public let question: String
    public let given: [(name: String, quantity: ExerciseQuantity)]
    public let answer: ExerciseQuantity
    /// A walkthrough shown under the answer: how to get it.
    public let worked: WalkthroughDirective?
    public let digits: Int
    /// For a GAN spec (kind: gan): the update of each step the quantities read, "discriminator"
    /// (its last one) or "generator"; a GAN's scopes and parameters are named per network.
    public let phase: String?

    static let fields = ["spec", "step", "question", "given", "answer", "worked", "digits", "phase"]

    init(_ field: YAMLField, specs: [String: URL]) throws {
        let fields = try field.object(allowed: Self.fields)
        source = try TraceReference(fields, in: field, specs: specs)
        let questionField = try fields.required("question", in: field)
        question = try questionField.string()
        var given: [(name: String, quantity: ExerciseQuantity)] = []
        if let givenField = fields["given"] {
            guard case .mapping(let mapping) = givenField.node else { throw givenField.error("expected an object of name: quantity") }
            for (key, value) in mapping {
                let name = key.scalar?.string ?? ""
                let entry = YAMLField(node: value, file: field.file, lineOffset: field.lineOffset, path: "given.\(name)")
                guard name.range(of: #"^[A-Za-z][A-Za-z0-9_-]*$"#, options: .regularExpression) != nil else {
                    throw entry.error("a given name is letters, digits, - and _, starting with a letter")
                }
                given.append((name, try ExerciseQuantity(entry, step: source.step)))
            }
        }
        self.given = given
        for name in Self.placeholders(in: question) where !given.contains(where: { $0.name == name }) {
            throw questionField.error("{\(Excerpt(name))} names no value under given (it lists: \(given.isEmpty ? "none" : given.map(\.name).joined(separator: ", ")))")
        }
        answer = try ExerciseQuantity(try fields.required("answer", in: field), step: source.step)
        phase = try fields["phase"]?.string()
        if let phase, !["discriminator", "generator"].contains(phase) {
            throw fields["phase"]!.error("expected discriminator or generator")
        }
        if let workedField = fields["worked"] {
            worked = try WalkthroughDirective(Self.inheriting(workedField, spec: source.spec, step: source.step, phase: phase), specs: specs)
        } else {
            worked = nil
        }
        digits = try fields["digits"]?.integer() ?? 6
        if let problem = DigitsRule.problem(significantDigits: digits) { throw fields["digits"]!.error(problem) }
    }

    /// The `{name}` placeholders of a question, in order.
    static func placeholders(in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: #"\{([A-Za-z][A-Za-z0-9_-]*)\}"#)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range(at: 1), in: text)!])
        }
    }

    /// `worked` with the exercise's spec, step and phase filled in where it names none.
    private static func inheriting(_ field: YAMLField, spec: String, step: Int, phase: String?) throws -> YAMLField {
        guard case .mapping(var mapping) = field.node else { throw field.error("expected an object (a walkthrough: show, layer, …)") }
        if mapping["spec"] == nil { mapping["spec"] = Node(spec) }
        if mapping["step"] == nil { mapping["step"] = Node(String(step)) }
        if let phase, mapping["phase"] == nil { mapping["phase"] = Node(phase) }
        return YAMLField(node: .mapping(mapping), file: field.file, lineOffset: field.lineOffset, path: field.path)
    }
}

/// One number of a trace an exercise names: its answer or a value its question gives.
public enum ExerciseQuantity: Sendable, Equatable {
    /// A parameter element: before the step's update, its gradient, or after the update.
    case parameter(name: String, index: [Int], of: ParameterPart, step: Int)
    /// An op's value or gradient element (`scope` as the trace names ops).
    case op(scope: String, index: [Int], of: OpPart, step: Int)
    /// The step's traced loss (computed with the parameters after step − 1 updates).
    case loss(step: Int)
    /// The fraction of the whole training set classified right after the step's update.
    case accuracy(step: Int)
    /// The number of parameters of one layer, or of the model when `layer` is nil.
    case parameterCount(layer: String?)

    public enum ParameterPart: String, CaseIterable, Sendable { case before, grad, after }
    public enum OpPart: String, CaseIterable, Sendable { case value, grad }

    /// The step whose record the quantity reads (nil: any step, the model's shape).
    public var step: Int? {
        switch self {
        case .parameter(_, _, _, let step), .op(_, _, _, let step), .loss(let step), .accuracy(let step): return step
        case .parameterCount: return nil
        }
    }

    /// Needs every op of its step recorded.
    var needsOps: Bool { if case .op = self { return true } else { return false } }

    static let words = ["loss", "accuracy", "parameters"]

    init(_ field: YAMLField, step defaultStep: Int) throws {
        if case .scalar(let scalar) = field.node {
            switch scalar.string {
            case "loss": self = .loss(step: defaultStep)
            case "accuracy": self = .accuracy(step: defaultStep)
            case "parameters": self = .parameterCount(layer: nil)
            default: throw field.error("expected one of \(Self.words.joined(separator: ", ")), or an object with param, scope, loss, accuracy or parameters")
            }
            return
        }
        let fields = try field.object(allowed: ["param", "scope", "index", "of", "step", "loss", "accuracy", "parameters"])
        let kinds = ["param", "scope", "loss", "accuracy", "parameters"].filter { fields[$0] != nil }
        guard kinds.count == 1 else {
            throw field.error(kinds.isEmpty ? "expected one of param, scope, loss, accuracy or parameters"
                                            : "name one quantity, not \(kinds.joined(separator: " and "))")
        }
        let step = try fields["step"]?.integer() ?? defaultStep
        guard step >= 1 else { throw fields["step"]!.error("expected a step number ≥ 1") }
        let index = try fields["index"]?.integers() ?? []
        func part<Part: RawRepresentable & CaseIterable>(_ type: Part.Type, default value: Part) throws -> Part where Part.RawValue == String {
            guard let ofField = fields["of"] else { return value }
            guard let part = Part(rawValue: try ofField.string()) else {
                throw ofField.error("expected one of \(Part.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return part
        }
        switch kinds[0] {
        case "param":
            self = .parameter(name: try fields["param"]!.string(), index: index, of: try part(ParameterPart.self, default: .before), step: step)
        case "scope":
            self = .op(scope: try fields["scope"]!.string(), index: index, of: try part(OpPart.self, default: .value), step: step)
        default:
            // {loss: STEP}, {accuracy: STEP}, {parameters: LAYER}: the key's value says what of.
            for key in ["index", "of", "step"] where fields[key] != nil { throw fields[key]!.error("only param and scope take \(key)") }
            let value = fields[kinds[0]]!
            switch kinds[0] {
            case "loss", "accuracy":
                let step = try value.integer()
                guard step >= 1 else { throw value.error("expected a step number ≥ 1") }
                self = kinds[0] == "loss" ? .loss(step: step) : .accuracy(step: step)
            default:
                let layer = try value.string()
                self = .parameterCount(layer: layer == "total" ? nil : layer)
            }
        }
    }
}

extension TraceReference {
    /// The same spec and directive line, another step (an exercise's quantity may name its own).
    init(_ reference: TraceReference, step: Int) {
        spec = reference.spec
        self.step = step
        file = reference.file
        line = reference.line
    }
}
