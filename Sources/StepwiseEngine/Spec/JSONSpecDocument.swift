import Foundation
import Yams

/// Reads a `.json` spec with Foundation's JSON decoder (which, unlike YAML's, takes every JSON
/// escape, such as the surrogate pairs `"\ud83e\udde0"` Python's `json.dump` writes for an
/// emoji) into the same node tree a YAML spec gives, so every later check and its field-path
/// message stay the same. Keys come in sorted order (the parser keeps no order); a key twice in
/// one object is refused, naming it.
enum JSONSpecDocument {
    static func node(_ text: String, file: String) throws -> Node {
        let bytes = Data(text.utf8)
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: bytes)
        } catch {
            throw syntaxError(error, text: text, file: file)
        }
        try DuplicateKeyScan(bytes: Array(bytes), file: file).run()
        return value.node
    }

    /// One JSON value as Foundation's decoder reads it (numbers correctly rounded).
    private enum JSONValue: Decodable {
        case object([String: JSONValue]), array([JSONValue]), string(String), integer(Int), number(Double), bool(Bool), null

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let flag = try? container.decode(Bool.self) {
                self = .bool(flag)
            } else if let integer = try? container.decode(Int.self) {
                self = .integer(integer)
            } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else if let string = try? container.decode(String.self) {
                self = .string(string)
            } else if let array = try? container.decode([JSONValue].self) {
                self = .array(array)
            } else {
                self = .object(try container.decode([String: JSONValue].self))
            }
        }

        /// The node YAML gives for the same value: strings quoted, numbers and flags plain.
        var node: Node {
            func plain(_ text: String) -> Node { .scalar(.init(text, .implicit, .plain)) }
            switch self {
            case .object(let object):
                return .mapping(Node.Mapping(object.keys.sorted().map {
                    (Node.scalar(.init($0, .implicit, .doubleQuoted)), object[$0]!.node)
                }))
            case .array(let array): return .sequence(Node.Sequence(array.map(\.node)))
            case .string(let string): return .scalar(.init(string, .implicit, .doubleQuoted))
            case .integer(let integer): return plain(String(integer))
            case .number(let number): return plain(String(number))
            case .bool(let flag): return plain(flag ? "true" : "false")
            case .null: return plain("null")
            }
        }
    }

    /// `file:line:column: malformed JSON: …` from the decoder's error.
    /// (The decoder does not say where; JSONSerialization's message names the byte offset.)
    private static func syntaxError(_ error: Error, text: String, file: String) -> SpecError {
        var detail = "not valid JSON"
        do {
            _ = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? detail
        }
        var place = file
        if let range = detail.range(of: #"character [0-9]+"#, options: .regularExpression),
           let offset = Int(detail[range].dropFirst("character ".count)) {
            let before = Array(text.utf8.prefix(offset))
            let lineStart = (before.lastIndex(of: UInt8(ascii: "\n")) ?? -1) + 1
            place = "\(file):\(before.filter { $0 == UInt8(ascii: "\n") }.count + 1):\(before.count - lineStart + 1)"
        }
        return SpecError(file: place, location: "", message: "malformed JSON: \(detail)")
    }

    /// Walks the tokens of a document the parser has already accepted, tracking each object's
    /// keys and the field path, to find a key that appears twice in one object.
    private struct DuplicateKeyScan {
        let bytes: [UInt8]
        let file: String

        private enum Frame {
            case object(path: String, keys: Set<String>, key: String?, expectingKey: Bool)
            case array(path: String, index: Int)
        }

        func run() throws {
            var stack: [Frame] = []
            var position = 0
            /// The path of a value starting at the current position.
            func childPath() -> String {
                switch stack.last {
                case .object(let path, _, let key, _)?: return path.isEmpty ? (key ?? "") : "\(path).\(key ?? "")"
                case .array(let path, let index)?: return "\(path)[\(index)]"
                case nil: return ""
                }
            }
            while position < bytes.count {
                let byte = bytes[position]
                switch byte {
                case UInt8(ascii: "\""):
                    let start = position
                    position += 1
                    while bytes[position] != UInt8(ascii: "\"") { position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1 }
                    if case .object(let path, var keys, _, true)? = stack.last {
                        let token = Data(bytes[start...position])
                        let key = (try? JSONSerialization.jsonObject(with: token, options: [.fragmentsAllowed])) as? String ?? ""
                        let keyPath = path.isEmpty ? key : "\(path).\(key)"
                        guard keys.insert(key).inserted else {
                            throw SpecError(file: file, location: keyPath, message: "duplicate key (a key may appear once in an object)")
                        }
                        stack[stack.count - 1] = .object(path: path, keys: keys, key: key, expectingKey: false)
                    }
                case UInt8(ascii: "{"):
                    stack.append(.object(path: childPath(), keys: [], key: nil, expectingKey: true))
                case UInt8(ascii: "["):
                    stack.append(.array(path: childPath(), index: 0))
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    stack.removeLast()
                case UInt8(ascii: ","):
                    switch stack.last {
                    case .object(let path, let keys, let key, _)?: stack[stack.count - 1] = .object(path: path, keys: keys, key: key, expectingKey: true)
                    case .array(let path, let index)?: stack[stack.count - 1] = .array(path: path, index: index + 1)
                    case nil: break
                    }
                default:
                    break
                }
                position += 1
            }
        }
    }
}
