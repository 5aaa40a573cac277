import StepwiseTrace
import StepwiseWords

/// Which number of a traced value to draw.
public enum ValueKind: String, CaseIterable, Sendable {
    /// The forward value (for a parameter: its value before the update).
    case value
    /// dLoss/dValue.
    case grad
    /// A parameter's value after the step's update.
    case after
    /// after − before: what the optimizer changed.
    case update

    /// How the kind reads in titles: `∂L/∂x` for grad, `Δx` for update.
    func label(_ name: String, _ edition: Edition = .en) -> String {
        switch self {
        case .value: return name
        case .grad: return "∂L/∂\(name)"
        case .after: return NetworkWords.afterUpdateLabel(edition, ["name": name])
        case .update: return "Δ\(name)"
        }
    }
}

/// Finds values in a trace step by scope, never by position, and explains what is missing.
public struct TraceLookup: Sendable {
    public let trace: Trace
    public let step: TraceStep

    /// The step numbered `step`, or the last recorded step when nil. A GAN trace records a
    /// step's updates under one number: this is its last, the generator update, where both
    /// networks read the same rows (G(z), then D(G(z))).
    public init(_ trace: Trace, step: Int?) throws {
        self.trace = trace
        if let step {
            guard let found = trace.steps.last(where: { $0.step == step }) else {
                let kept = trace.steps.map { String($0.step) }
                throw RenderError.invalidInput("step \(step) is not in the trace (kept steps: \(TraceLookup.summarise(kept)))")
            }
            self.step = found
        } else {
            guard let last = trace.steps.last else { throw RenderError.invalidInput("the trace has no steps") }
            self.step = last
        }
    }

    /// Every name `tensor(_:kind:)` accepts: op scopes, parameter keys and layer names.
    public var scopes: [String] {
        var seen = Set<String>()
        var names: [String] = []
        for name in step.ops.map(\.scope) + step.params.keys.sorted() + step.outputs.keys.sorted() where seen.insert(name).inserted {
            names.append(name)
        }
        return names
    }

    /// The tensor named `scope`: an op record, a parameter (`layer/param`) or a layer output.
    public func tensor(_ scope: String, kind: ValueKind = .value) throws -> TensorValue {
        if let param = step.params[scope] {
            switch kind {
            case .value: return param.before
            case .grad: return param.grad
            case .after: return param.after
            case .update:
                return TensorValue(shape: param.after.shape, data: zip(param.after.data, param.before.data).map { $0 - $1 })
            }
        }
        if let record = step.op(scope: scope) {
            switch kind {
            case .value: return record.value
            case .grad:
                guard let grad = record.grad else {
                    throw RenderError.invalidInput("\(scope) has no gradient in step \(step.step) (the loss does not depend on it)")
                }
                return grad
            case .after, .update:
                throw RenderError.invalidInput("\(scope) is not a parameter, so it has no \(kind.rawValue)")
            }
        }
        if let output = step.outputs[scope], kind == .value { return output }
        throw missing(scope)
    }

    /// The op record named `scope`.
    public func op(_ scope: String) throws -> OpRecord {
        guard let record = step.op(scope: scope) else { throw missing(scope) }
        return record
    }

    /// True when the step has an op, parameter or output of this name.
    public func has(_ scope: String) -> Bool {
        step.params[scope] != nil || step.op(scope: scope) != nil || step.outputs[scope] != nil
    }

    /// "scope "x" is not in step 3; nearest: a, b, c".
    public func missing(_ scope: String) -> RenderError {
        let nearest = TraceLookup.nearest(scope, among: scopes)
        var message = "scope \"\(scope)\" is not in step \(step.step) of \(trace.model)"
        if step.ops.isEmpty && step.outputs.isEmpty { message += " (the trace was recorded at the summary level)" }
        if !nearest.isEmpty { message += "; nearest: \(nearest.joined(separator: ", "))" }
        return RenderError.invalidInput(message)
    }

    /// Up to `count` names closest to `name` by edit distance (ties in trace order).
    public static func nearest(_ name: String, among names: [String], count: Int = 3) -> [String] {
        let scored = names.enumerated().map { (offset, candidate) in
            (distance: editDistance(name.lowercased(), candidate.lowercased()), offset: offset, name: candidate)
        }
        return scored.sorted { ($0.distance, $0.offset) < ($1.distance, $1.offset) }.prefix(count).map(\.name)
    }

    /// Levenshtein distance over characters.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    static func summarise(_ items: [String]) -> String {
        items.count <= 8 ? items.joined(separator: ", ") : items.prefix(4).joined(separator: ", ") + ", …, " + items.suffix(2).joined(separator: ", ")
    }
}
