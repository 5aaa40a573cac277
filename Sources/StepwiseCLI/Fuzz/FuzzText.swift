import Foundation

/// Writes a `FuzzValue` as text. JSON is YAML too, so one writer serves both: the YAML dialect
/// spells the numbers JSON has no words for (`.nan`, `.inf`), the JSON dialect writes them
/// bare (`NaN`, `Infinity`), which a strict reader must refuse.
enum FuzzText {
    enum Dialect { case json, yaml }

    static func write(_ value: FuzzValue, as dialect: Dialect) -> String {
        var out = ""
        write(value, as: dialect, to: &out)
        return out
    }

    private static func write(_ value: FuzzValue, as dialect: Dialect, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .double(let number): out += text(of: number, dialect)
        case .string(let string): out += quoted(string)
        case .raw(let text): out += text
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += ", " }
                write(item, as: dialect, to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (index, field) in fields.enumerated() {
                if index > 0 { out += ", " }
                out += quoted(field.key) + ": "
                write(field.value, as: dialect, to: &out)
            }
            out += "}"
        }
    }

    private static func text(of number: Double, _ dialect: Dialect) -> String {
        if number.isNaN { return dialect == .yaml ? ".nan" : "NaN" }
        if number.isInfinite {
            switch dialect {
            case .yaml: return number < 0 ? "-.inf" : ".inf"
            case .json: return number < 0 ? "-Infinity" : "Infinity"
            }
        }
        let written = "\(number)"
        // "1.0e+308" is fine for both; a bare "5e-324" is too.
        return written
    }

    /// A double-quoted string, escaped the same way for JSON and YAML.
    static func quoted(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f || (0x80..<0xa0).contains(scalar.value)
                    || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xfeff {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
