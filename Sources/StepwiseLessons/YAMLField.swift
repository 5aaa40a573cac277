import StepwiseTrace
import Yams

/// A node of a lesson's YAML (front matter or a directive body) that knows where it stands in
/// the lesson file, so every problem is reported as `file:line`.
struct YAMLField {
    let node: Node
    let file: String
    /// The file line of the YAML text's first line, minus one.
    let lineOffset: Int
    let path: String

    var line: Int { lineOffset + (node.mark?.line ?? 1) }

    func error(_ message: String) -> LessonError {
        LessonError(file: file, line: line, message: path.isEmpty ? message : "\(path): \(message)")
    }

    /// Parses `text`, whose first line is file line `lineOffset + 1`.
    static func parse(_ text: String, file: String, lineOffset: Int, what: String) throws -> YAMLField {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw LessonError(file: file, line: lineOffset + 1, message: "\(what) is empty")
            }
            return YAMLField(node: node, file: file, lineOffset: lineOffset, path: "")
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                throw LessonError(file: file, line: lineOffset + mark.line, message: "malformed \(what): \(problem)")
            default:
                throw LessonError(file: file, line: lineOffset + 1, message: "malformed \(what)")
            }
        }
    }

    func object(allowed: [String]) throws -> [String: YAMLField] {
        guard case .mapping(let mapping) = node else { throw error("expected an object") }
        var fields: [String: YAMLField] = [:]
        for (key, value) in mapping {
            let name = key.scalar?.string ?? ""
            let field = YAMLField(node: value, file: file, lineOffset: lineOffset, path: path.isEmpty ? name : "\(path).\(name)")
            guard allowed.contains(name) else {
                throw YAMLField(node: key, file: file, lineOffset: lineOffset, path: "")
                    .error("unknown field \"\(Excerpt(name))\" (expected one of: \(allowed.joined(separator: ", ")))")
            }
            fields[name] = field
        }
        return fields
    }

    func string() throws -> String {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else { throw error("expected text") }
        return scalar.string
    }

    func integer() throws -> Int {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else { throw error("expected an integer") }
        return value
    }

    func boolean() throws -> Bool {
        guard case .scalar(let scalar) = node, let value = Bool(scalar.string.lowercased()) else { throw error("expected true or false") }
        return value
    }

    func list() throws -> [YAMLField] {
        guard case .sequence(let sequence) = node else { throw error("expected a list") }
        return sequence.enumerated().map {
            YAMLField(node: $0.element, file: file, lineOffset: lineOffset, path: "\(path)[\($0.offset)]")
        }
    }

    func integers() throws -> [Int] { try list().map { try $0.integer() } }

    func strings() throws -> [String] { try list().map { try $0.string() } }

    /// A flat object of text values (figure options).
    func textDictionary() throws -> [String: String] {
        guard case .mapping(let mapping) = node else { throw error("expected an object") }
        var result: [String: String] = [:]
        for (key, value) in mapping {
            guard let text = value.scalar?.string else {
                throw YAMLField(node: value, file: file, lineOffset: lineOffset, path: path).error("expected a plain value")
            }
            result[key.scalar?.string ?? ""] = text
        }
        return result
    }
}

extension Dictionary where Key == String, Value == YAMLField {
    func required(_ key: String, in field: YAMLField) throws -> YAMLField {
        guard let value = self[key] else { throw field.error("missing required field \"\(Excerpt(key))\"") }
        return value
    }
}
