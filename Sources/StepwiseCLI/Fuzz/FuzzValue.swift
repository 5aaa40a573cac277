import Foundation
import Yams

/// A spec, trace or front matter as a tree the mutator can edit: JSON's kinds, objects in file
/// order (so the same seed gives the same bytes), numbers as written (`Int` or `Double`).
indirect enum FuzzValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([FuzzValue])
    case object([(key: String, value: FuzzValue)])
    /// Text written as it is: deep nesting and YAML anchors, which the tree cannot hold.
    case raw(String)

    static func == (lhs: FuzzValue, rhs: FuzzValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a.bitPattern == b.bitPattern
        case (.string(let a), .string(let b)), (.raw(let a), .raw(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        default: return false
        }
    }

    /// Parses JSON or YAML text (JSON is YAML) through Yams' node tree; nil when it is not YAML.
    static func parse(_ text: String) -> FuzzValue? {
        guard let node = try? Yams.compose(yaml: text) else { return nil }
        return FuzzValue(node)
    }

    init(_ node: Node) {
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain {
                self = .string(scalar.string)
            } else if node.null != nil {
                self = .null
            } else if let value = node.bool {
                self = .bool(value)
            } else if let value = node.int {
                self = .int(value)
            } else if let value = node.float {
                self = .double(value)
            } else {
                self = .string(scalar.string)
            }
        case .sequence(let sequence):
            self = .array(sequence.map { FuzzValue($0) })
        case .mapping(let mapping):
            self = .object(mapping.map { (key: $0.key.string ?? "", value: FuzzValue($0.value)) })
        case .alias:
            self = .null
        }
    }

    /// Every place in the tree, parents before children: the paths the mutator picks from.
    var paths: [[FuzzPathStep]] {
        var result: [[FuzzPathStep]] = [[]]
        switch self {
        case .array(let items):
            for (index, item) in items.enumerated() { result += item.paths.map { [.index(index)] + $0 } }
        case .object(let fields):
            for (index, field) in fields.enumerated() { result += field.value.paths.map { [.field(index)] + $0 } }
        default:
            break
        }
        return result
    }

    subscript(path: [FuzzPathStep]) -> FuzzValue {
        get {
            guard let first = path.first else { return self }
            switch (self, first) {
            case (.array(let items), .index(let index)): return items[index][Array(path.dropFirst())]
            case (.object(let fields), .field(let index)): return fields[index].value[Array(path.dropFirst())]
            default: preconditionFailure("no such path")
            }
        }
        set {
            guard let first = path.first else { self = newValue; return }
            switch (self, first) {
            case (.array(var items), .index(let index)):
                items[index][Array(path.dropFirst())] = newValue
                self = .array(items)
            case (.object(var fields), .field(let index)):
                fields[index].value[Array(path.dropFirst())] = newValue
                self = .object(fields)
            default: preconditionFailure("no such path")
            }
        }
    }

    /// Removes the element or field at `path` (not the root).
    mutating func remove(at path: [FuzzPathStep]) {
        guard let last = path.last else { return }
        let parentPath = Array(path.dropLast())
        switch (self[parentPath], last) {
        case (.array(var items), .index(let index)):
            items.remove(at: index)
            self[parentPath] = .array(items)
        case (.object(var fields), .field(let index)):
            fields.remove(at: index)
            self[parentPath] = .object(fields)
        default: break
        }
    }
}

/// One step down a `FuzzValue`: an array element or an object's n-th field.
enum FuzzPathStep: Equatable, Sendable {
    case index(Int)
    case field(Int)
}
