/// A handle to a value recorded on a `Tape`: the position of its record.
public struct Variable: Hashable, Sendable {
    public let id: Int
}
