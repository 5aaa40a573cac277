/// FNV-1a 64-bit digest of what a figure drew: every number (its IEEE-754 bits, little-endian),
/// every shape and every label, in drawing order. Stamped into outputs as `fnv1a64:<16 hex>` so
/// a figure can be matched to the data behind it; not a cryptographic hash.
public struct Digest: Sendable {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func add(byte: UInt8) {
        state ^= UInt64(byte)
        state = state &* 0x0000_0100_0000_01b3
    }

    public mutating func add(_ value: UInt64) {
        var v = value
        for _ in 0..<8 {
            add(byte: UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
    }

    public mutating func add(_ value: Double) { add(value.bitPattern) }
    public mutating func add(_ value: Int) { add(UInt64(bitPattern: Int64(value))) }

    public mutating func add(_ values: [Double]) {
        add(values.count)
        for value in values { add(value) }
    }

    public mutating func add(_ text: String) {
        add(text.utf8.count)
        for byte in text.utf8 { add(byte: byte) }
    }

    public mutating func add(shape: [Int], data: [Double]) {
        add(shape.count)
        for dimension in shape { add(dimension) }
        add(data)
    }

    /// `fnv1a64:` and 16 lowercase hex digits.
    public var value: String {
        let hex = String(state, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
