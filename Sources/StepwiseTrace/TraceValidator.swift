/// Checks a decoded trace before anyone uses it, so a damaged or hostile file is refused with
/// one line (`steps[0].ops[3].value: shape [1, 3] holds 3 numbers, found 2`) instead of
/// crashing or sizing memory from a number it made up.
///
/// Every tensor: rank at most `maxRank`, dimensions ≥ 0, and the product of its shape (checked
/// for overflow) equal to its count of numbers; a gradient has its value's shape. Every op: `id`
/// equal to its position, inputs earlier records of the same step, the input count and the
/// attributes (kind and length) its op kind takes (docs/trace-format.md). Op kinds this reader
/// does not know get the general checks only.
public enum TraceValidator {
    /// No op of the engine has more axes than this.
    public static let maxRank = 8

    /// Throws `TraceReadError.malformed` naming the first problem's field path.
    public static func validate(_ trace: Trace, file: String) throws {
        do {
            try check(trace)
        } catch let problem as Problem {
            throw TraceReadError.malformed(file: file, detail: "\(problem.path): \(problem.message)")
        }
    }

    /// The same checks for a forward-only trace (outputs and ops; it has no parameters).
    public static func validate(_ trace: ForwardTrace, file: String) throws {
        do {
            try shape(trace.architecture.inputShape, "architecture.input_shape")
            for (index, layer) in trace.architecture.layers.enumerated() {
                try shape(layer.outputShape, "architecture.layers[\(index)].output_shape")
            }
            for (index, step) in trace.steps.enumerated() {
                let path = "steps[\(index)]"
                for (name, value) in step.outputs.sorted(by: { $0.key < $1.key }) {
                    try tensor(value, "\(path).outputs.\(name)")
                }
                for (position, op) in step.ops.enumerated() {
                    try check(op, at: position, in: step.ops, "\(path).ops[\(position)]")
                }
            }
        } catch let problem as Problem {
            throw TraceReadError.malformed(file: file, detail: "\(problem.path): \(problem.message)")
        }
    }

    struct Problem: Error {
        let path: String
        let message: String
    }

    private static func check(_ trace: Trace) throws {
        try shape(trace.architecture.inputShape, "architecture.input_shape")
        for (index, layer) in trace.architecture.layers.enumerated() {
            try shape(layer.outputShape, "architecture.layers[\(index)].output_shape")
        }
        for (index, step) in trace.steps.enumerated() {
            try check(step, "steps[\(index)]")
        }
    }

    private static func check(_ step: TraceStep, _ path: String) throws {
        for (name, value) in step.outputs.sorted(by: { $0.key < $1.key }) {
            try tensor(value, "\(path).outputs.\(name)")
        }
        for (name, record) in step.params.sorted(by: { $0.key < $1.key }) {
            let at = "\(path).params.\(name)"
            try tensor(record.before, "\(at).before")
            try tensor(record.grad, "\(at).grad", shapedLike: record.before.shape)
            try tensor(record.after, "\(at).after", shapedLike: record.before.shape)
        }
        if let inputGrad = step.inputGrad { try tensor(inputGrad, "\(path).input_grad") }
        if let phase = step.phase, !["discriminator", "generator"].contains(phase) {
            throw Problem(path: "\(path).phase", message: "expected \"discriminator\" or \"generator\" (a GAN's update), found \"\(Excerpt(phase))\"")
        }
        for (position, op) in step.ops.enumerated() {
            try check(op, at: position, in: step.ops, "\(path).ops[\(position)]")
        }
    }

    private static func check(_ op: OpRecord, at position: Int, in ops: [OpRecord], _ path: String) throws {
        guard op.id == position else { throw Problem(path: "\(path).id", message: "expected \(position) (the record's position), found \(op.id)") }
        for (slot, input) in op.inputs.enumerated() where input < 0 || input >= position {
            throw Problem(path: "\(path).inputs[\(slot)]",
                          message: "expected the id of an earlier record (0..<\(position)), found \(input)")
        }
        try tensor(op.value, "\(path).value")
        if let grad = op.grad { try tensor(grad, "\(path).grad", shapedLike: op.value.shape) }
        guard let rule = rules[op.op] else { return }
        if let count = rule.inputs, op.inputs.count != count {
            throw Problem(path: "\(path).inputs", message: "\(op.op) takes \(count) input\(count == 1 ? "" : "s"), found \(op.inputs.count)")
        }
        if rule.inputs == nil && op.inputs.isEmpty {
            throw Problem(path: "\(path).inputs", message: "\(op.op) takes at least one input, found none")
        }
        for (key, kind) in rule.attributes.sorted(by: { $0.key < $1.key }) {
            let at = "\(path).attributes.\(key)"
            guard let value = op.attributes[key] else {
                if kind.isRequired { throw Problem(path: at, message: "missing (\(op.op) needs \(kind))") }
                continue
            }
            try kind.check(value, at, valueShape: op.value.shape,
                           inputCount: op.inputs.first.map { ops[$0].value.data.count } ?? 0)
        }
    }

    /// Rank, dimensions ≥ 0 and a product that fits: a shape that can size memory.
    private static func shape(_ shape: [Int], _ path: String) throws {
        guard shape.count <= maxRank else { throw Problem(path: path, message: "expected at most \(maxRank) axes, found \(shape.count)") }
        if let negative = shape.first(where: { $0 < 0 }) {
            throw Problem(path: path, message: "expected dimensions ≥ 0, found \(negative) in \(shape)")
        }
        guard CheckedSize.product(shape) != nil else {
            throw Problem(path: path, message: "\(CheckedSize.spelled(shape)) numbers do not fit")
        }
    }

    private static func tensor(_ value: TensorValue, _ path: String, shapedLike expected: [Int]? = nil) throws {
        try shape(value.shape, "\(path).shape")
        let count = CheckedSize.product(value.shape)!
        guard count == value.data.count else {
            throw Problem(path: path, message: "shape \(value.shape) holds \(count) number\(count == 1 ? "" : "s"), found \(value.data.count)")
        }
        if let expected, expected != value.shape {
            throw Problem(path: "\(path).shape", message: "expected \(expected) (the value's shape), found \(value.shape)")
        }
    }

    // MARK: Rules per op kind

    /// An op kind's input count (nil: one or more) and attributes.
    private struct Rule {
        var inputs: Int?
        var attributes: [String: Attribute] = [:]
    }

    /// What one attribute must be.
    private enum Attribute: CustomStringConvertible {
        case integer, number, flag, text
        /// `count` integers, each at least `minimum`.
        case integers(count: Int, minimum: Int)
        /// One index into the op's first input per element of the op's value.
        case inputIndices
        /// The op's value's shape.
        case valueShape
        /// An optional flag.
        case optionalFlag
        /// `-1` or `"all"`.
        case axisOrAll

        var isRequired: Bool {
            if case .optionalFlag = self { return false }
            return true
        }

        var description: String {
            switch self {
            case .integer: return "an integer"
            case .number: return "a number"
            case .flag, .optionalFlag: return "true or false"
            case .text: return "a string"
            case .integers(let count, let minimum): return "\(count) integers ≥ \(minimum)"
            case .inputIndices: return "one input index per output number"
            case .valueShape: return "the value's shape"
            case .axisOrAll: return "an integer axis or \"all\""
            }
        }

        func check(_ value: AttributeValue, _ path: String, valueShape: [Int], inputCount: Int) throws {
            func fail(_ found: String) -> Problem { Problem(path: path, message: "expected \(self), found \(found)") }
            switch (self, value) {
            case (.integer, .int), (.number, .double), (.number, .int), (.flag, .bool), (.optionalFlag, .bool),
                 (.text, .string), (.axisOrAll, .int), (.axisOrAll, .string("all")):
                return
            case (.integers(let count, let minimum), .ints(let values)):
                guard values.count == count else { throw fail("\(values.count) integers") }
                if let bad = values.first(where: { $0 < minimum }) { throw fail("\(bad)") }
            case (.valueShape, .ints(let values)):
                guard values == valueShape else { throw fail("\(values), the value's shape being \(valueShape)") }
            case (.inputIndices, .ints(let values)):
                let valueCount = CheckedSize.product(valueShape) ?? 0
                guard values.count == valueCount else { throw fail("\(values.count) indices for \(valueCount) numbers") }
                if let bad = values.first(where: { $0 < 0 || $0 >= inputCount }) {
                    throw fail("\(bad), outside the input's \(inputCount) numbers")
                }
            default:
                throw fail(Self.spelled(value))
            }
        }

        static func spelled(_ value: AttributeValue) -> String {
            switch value {
            case .int(let v): return "\(v)"
            case .double(let v): return "\(v)"
            case .ints(let v): return "\(v)"
            case .string(let v): return "\"\(v)\""
            case .bool(let v): return "\(v)"
            case .strings(let v): return "\(v.count) strings"
            }
        }
    }

    private static let window: [String: Attribute] = [
        "strides": .integers(count: 2, minimum: 1), "pads": .integers(count: 4, minimum: 0),
    ]

    private static let rules: [String: Rule] = {
        var rules: [String: Rule] = [:]
        for leaf in ["input", "parameter", "constant"] { rules[leaf] = Rule(inputs: 0) }
        for unary in ["identity", "negate", "square", "abs", "log", "exp", "sigmoid", "tanh", "relu", "sqrt"] {
            rules[unary] = Rule(inputs: 1)
        }
        for binary in ["add", "subtract", "multiply", "divide", "matmul", "gather"] { rules[binary] = Rule(inputs: 2) }
        rules["scale"] = Rule(inputs: 1, attributes: ["factor": .number])
        rules["clip"] = Rule(inputs: 1, attributes: ["min": .number, "max": .number])
        for reduction in ["sum", "mean"] {
            rules[reduction] = Rule(inputs: 1, attributes: ["axis": .axisOrAll, "keepdims": .optionalFlag])
        }
        rules["softmax"] = Rule(inputs: 1, attributes: ["axis": .integer])
        rules["slice"] = Rule(inputs: 1, attributes: ["axis": .integer, "start": .integer, "end": .integer])
        rules["select"] = Rule(inputs: 1, attributes: ["axis": .integer, "index": .integer])
        rules["concat"] = Rule(inputs: nil, attributes: ["axis": .integer])
        rules["stack"] = Rule(inputs: nil, attributes: ["axis": .integer])
        rules["batch_matmul"] = Rule(inputs: 2, attributes: ["transpose_b": .flag])
        rules["causal_mask"] = Rule(inputs: 1, attributes: ["fill": .number])
        rules["conv2d"] = Rule(inputs: 2, attributes: window.merging(
            ["kernel_size": .integers(count: 2, minimum: 1), "padding": .text]) { $1 })
        rules["max_pool2d"] = Rule(inputs: 1, attributes: window.merging(
            ["pool_size": .integers(count: 2, minimum: 1), "argmax": .inputIndices]) { $1 })
        rules["avg_pool2d"] = Rule(inputs: 1, attributes: window.merging(["pool_size": .integers(count: 2, minimum: 1)]) { $1 })
        rules["reshape"] = Rule(inputs: 1, attributes: ["shape": .valueShape])
        rules["gelu"] = Rule(inputs: 1)
        rules["linear"] = Rule(inputs: 1, attributes: ["weight": .text, "bias": .text])
        rules["lookup"] = Rule(inputs: 1, attributes: ["table": .text])
        return rules
    }()
}
