import Foundation
import StepwiseEngine

/// Seeded hostile edits of a `FuzzValue`: each call picks a place in the tree and breaks it in
/// one of the ways issue 15 lists, and names what it did (for the case's name).
struct FuzzMutator {
    var random: SeededRandom
    /// The largest array a mutation makes; deep runs raise it.
    var hugeCount = 20_000

    /// The numbers that break arithmetic: zero, -1, the ends of Int64 and Double, subnormals,
    /// NaN and the infinities, and counts no machine can hold.
    static let extremeNumbers: [FuzzValue] = [
        .int(0), .int(-1), .int(Int.max), .int(Int.min), .int(1 << 40), .double(1e308), .double(-1e308),
        .double(.nan), .double(.infinity), .double(-.infinity), .double(5e-324), .double(1e-310),
        .double(-0.0), .double(1e30), .double(0.5), .double(2.2250738585072014e-308), .double(9_007_199_254_740_993),
    ]

    /// Text that breaks pages, figures and terminals: markup of every kind, right-to-left and
    /// zero-width characters, CJK and emoji, newlines and control characters, paths, and length.
    static let hostileStrings: [String] = [
        "", " ", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "<b>bold</b> &amp; &lt;",
        "<span foreground='red' size='999999'>x</span>", "]]><!--", "\u{202E}txet\u{202C} reversed", "zero\u{200B}width\u{FEFF}",
        "名前 ニューロン 神经元", "😀👩‍👩‍👧‍👦🏳️‍🌈", "line one\nline two", "nul\u{0}byte", "bell\u{7}\u{1B}[31mred",
        "../../../../etc/passwd", "/dev/null", "$(touch pwned)", "%s%n%x", "e\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}",
        String(repeating: "W", count: 5000), "\\u0000", "NaN", "-1", "1e308", "null", "true", "~", "*alias", "&anchor",
    ]

    init(seed: UInt64, label: String) {
        random = SeededRandom(seed: seed, label: label)
    }

    mutating func pick<T>(_ items: [T]) -> T { items[random.index(below: items.count)] }

    mutating func chance(_ probability: Double) -> Bool { random.nextUnit() < probability }

    /// Applies one hostile edit to `value`; returns its name.
    mutating func mutate(_ value: inout FuzzValue) -> String {
        let paths = value.paths
        let path = pick(paths)
        let kind = random.index(below: 10)
        switch kind {
        case 0:
            guard !path.isEmpty else { return mutate(&value) }
            value.remove(at: path)
            return "drop"
        case 1:
            value[path] = swapped(value[path])
            return "swap-type"
        case 2, 3:
            // Numbers are where most of the meaning is: aim at one.
            let numeric = paths.filter { if case .int = value[$0] { return true }; if case .double = value[$0] { return true }; return false }
            value[numeric.isEmpty ? path : pick(numeric)] = pick(Self.extremeNumbers)
            return "extreme-number"
        case 4:
            let arrays = paths.filter { if case .array = value[$0] { return true }; return false }
            guard !arrays.isEmpty else { return mutate(&value) }
            let target = pick(arrays)
            guard case .array(let items) = value[target] else { return "none" }
            if chance(0.5) || items.isEmpty {
                value[target] = .array([])
                return "empty-array"
            }
            let count = chance(0.5) ? hugeCount : 1 + random.index(below: 64)
            value[target] = .array(Array(repeating: items[random.index(below: items.count)], count: count))
            return "huge-array"
        case 5:
            let depth = pick([64, 1000, 100_000])
            value[path] = .raw(String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth))
            return "deep-nesting-\(depth)"
        case 6:
            value[path] = .raw(Self.aliasBomb(levels: 4 + random.index(below: 6)))
            return "alias-bomb"
        case 7:
            let strings = paths.filter { if case .string = value[$0] { return true }; return false }
            value[strings.isEmpty ? path : pick(strings)] = .string(pick(Self.hostileStrings))
            return "hostile-string"
        case 8:
            let text = pick(Self.hostileStrings)
            value = Self.replacingStrings(in: value) { _ in text }
            return "hostile-every-string"
        default:
            value[path] = pick([.null, .bool(true), .string(""), .array([]), .object([]), .int(0)])
            return "empty-value"
        }
    }

    /// A value of another kind than `value`.
    mutating func swapped(_ value: FuzzValue) -> FuzzValue {
        switch value {
        case .int(let number): return pick([.string(String(number)), .array([value]), .double(Double(number) + 0.5), .bool(number != 0)])
        case .double(let number): return pick([.string(String(number)), .int(Int(exactly: number.rounded()) ?? 0), .object([])])
        case .string(let text): return pick([.int(text.count), .array([value]), .object([(key: text, value: value)]), .null])
        case .array(let items): return pick([.object(items.enumerated().map { (key: String($0.offset), value: $0.element) }), items.first ?? .null, .string("[]")])
        case .object(let fields): return pick([.array(fields.map(\.value)), .string("{}"), .int(fields.count)])
        case .bool(let flag): return pick([.string(flag ? "yes" : "no"), .int(flag ? 1 : 0)])
        case .null, .raw: return .int(1)
        }
    }

    /// The "billion laughs" in YAML flow style: each level a list of ten aliases of the last,
    /// 10^levels strings once expanded.
    static func aliasBomb(levels: Int) -> String {
        var text = "[&l0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]"
        for level in 1...levels {
            text += ", &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]"
        }
        return text + "]"
    }

    static func replacingStrings(in value: FuzzValue, with replacement: (String) -> String) -> FuzzValue {
        switch value {
        case .string(let text): return .string(replacement(text))
        case .array(let items): return .array(items.map { replacingStrings(in: $0, with: replacement) })
        case .object(let fields): return .object(fields.map { (key: $0.key, value: replacingStrings(in: $0.value, with: replacement)) })
        default: return value
        }
    }

    /// The first `fraction` of `data`, cut anywhere (even inside a UTF-8 character).
    mutating func truncated(_ data: Data) -> Data {
        guard data.count > 1 else { return Data() }
        return data.prefix(random.index(below: data.count))
    }
}
