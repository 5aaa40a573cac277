import StepwiseTrace
import Yams

/// One node of a spec document together with its field path, so every check can say exactly
/// where a problem is. JSON is read through the same YAML parser (JSON is YAML's flow style).
struct SpecField {
    let node: Node
    /// `layers[1].weights.kernel`; empty at the top level.
    let path: String
    let file: String

    func error(_ message: String) -> SpecError {
        SpecError(file: file, location: path.isEmpty ? "(top level)" : path, message: message)
    }

    func child(_ key: String, _ node: Node) -> SpecField {
        SpecField(node: node, path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    func element(_ index: Int, _ node: Node) -> SpecField {
        SpecField(node: node, path: "\(path)[\(index)]", file: file)
    }

    /// How the node reads in a message: a scalar as written, quoted if it was quoted.
    var shown: String {
        switch node {
        case .scalar(let scalar):
            return scalar.style == .plain ? (scalar.string.isEmpty ? "nothing" : "\(Excerpt(scalar.string))") : "\"\(Excerpt(scalar.string))\""
        case .mapping: return "an object"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    // MARK: Shapes of values

    /// The node as an object whose keys all come from `allowed`.
    func object(allowed: [String]) throws -> SpecObject {
        guard case .mapping(let mapping) = node else { throw error("expected an object, found \(shown)") }
        var fields: [String: SpecField] = [:]
        for (keyNode, valueNode) in mapping {
            let key = keyNode.scalar?.string ?? ""
            guard allowed.contains(key) else {
                throw child(key, valueNode).error("unknown field (expected one of: \(allowed.joined(separator: ", ")))")
            }
            fields[key] = child(key, valueNode)
        }
        return SpecObject(field: self, fields: fields)
    }

    /// The node as a list.
    func list() throws -> [SpecField] {
        guard case .sequence(let sequence) = node else { throw error("expected a list, found \(shown)") }
        return sequence.enumerated().map { element($0.offset, $0.element) }
    }

    /// A plain (unquoted) scalar's text.
    private func plainScalar(_ expected: String) throws -> String {
        guard case .scalar(let scalar) = node, scalar.style == .plain, !scalar.string.isEmpty else {
            throw error("expected \(expected), found \(shown)")
        }
        return scalar.string
    }

    func string() throws -> String {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else { throw error("expected a string, found \(shown)") }
        return scalar.string
    }

    /// One of `choices`, which the message lists when the value is something else.
    func choice(_ choices: [String]) throws -> String {
        let value = try string()
        guard choices.contains(value) else {
            throw error("expected one of \(choices.joined(separator: ", ")), found \"\(Excerpt(value))\"")
        }
        return value
    }

    /// A finite number. YAML's `.nan` and `.inf` are reported as non-finite.
    func number() throws -> Double {
        let text = try plainScalar("a number")
        let lowered = text.lowercased()
        if [".nan", ".inf", "+.inf", "-.inf"].contains(lowered) { throw error("expected a finite number, found \(Excerpt(text))") }
        guard let value = Double(text) else { throw error("expected a number, found \(shown)") }
        guard value.isFinite else { throw error("expected a finite number, found \(Excerpt(text))") }
        return value
    }

    /// An integer (an integral number such as `3` or `3.0`).
    func integer() throws -> Int {
        let text = try plainScalar("an integer")
        if let value = Int(text) { return value }
        if let value = Double(text), value.isFinite, value == value.rounded(), Swift.abs(value) < 1e15 { return Int(value) }
        throw error("expected an integer, found \(shown)")
    }

    func positiveInteger() throws -> Int {
        let value = try integer()
        guard value > 0 else { throw error("expected a positive integer, found \(value)") }
        return value
    }

    func boolean() throws -> Bool {
        switch try plainScalar("true or false") {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: throw error("expected true or false, found \(shown)")
        }
    }

    /// A list of positive integers, such as a shape.
    func positiveIntegers() throws -> [Int] {
        try list().map { try $0.positiveInteger() }
    }

    /// Nested lists of finite numbers → a row-major tensor; every list at one depth must have the
    /// same length. `[]` nested at any depth gives a zero-sized tensor.
    func tensor() throws -> Tensor {
        var data: [Double] = []
        let shape = try collect(into: &data)
        return Tensor(shape: shape, data: data)
    }

    private func collect(into data: inout [Double]) throws -> [Int] {
        guard case .sequence = node else {
            data.append(try number())
            return []
        }
        let elements = try list()
        var innerShape: [Int]?
        for element in elements {
            let shape = try element.collect(into: &data)
            if let expected = innerShape, expected != shape {
                throw element.error("expected a rectangular array: this element has shape \(shape), the first has \(expected)")
            }
            innerShape = shape
        }
        return [elements.count] + (innerShape ?? [])
    }
}

/// The fields of one spec object, checked against its allowed keys.
struct SpecObject {
    let field: SpecField
    let fields: [String: SpecField]

    func required(_ key: String) throws -> SpecField {
        guard let value = fields[key] else { throw field.child(key, .scalar(.init(""))).error("missing required field") }
        return value
    }

    func optional(_ key: String) -> SpecField? {
        fields[key]
    }
}
