/// Sizes computed from numbers read from a file (shapes, element and byte counts), with
/// overflow reported as nil instead of trapping. Every product that sizes memory and comes from
/// input goes through here first.
public enum CheckedSize {
    /// The product of `factors` (1 for none), or nil when a factor is negative or the product
    /// does not fit in an `Int`.
    public static func product(_ factors: [Int]) -> Int? {
        var result = 1
        for factor in factors {
            guard factor >= 0 else { return nil }
            let (next, overflow) = result.multipliedReportingOverflow(by: factor)
            guard !overflow else { return nil }
            result = next
        }
        return result
    }

    /// `a + b`, or nil when it does not fit.
    public static func sum(_ a: Int, _ b: Int) -> Int? {
        let (result, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : result
    }

    /// `100000000000 × 4` for messages.
    public static func spelled(_ factors: [Int]) -> String {
        factors.map(String.init).joined(separator: " × ")
    }
}
