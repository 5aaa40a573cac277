/// How many digits a number may be shown with: one rule for every option that sets it — lesson
/// directives (`digits`), figure options and `stepwise render --decimals`. 17 significant digits
/// write any Double exactly, so more only costs time and memory; fewer than 1 (or a negative
/// count of decimals) would print 0.15 as `0`.
public enum DigitsRule {
    public static let significantDigits = 1...17
    public static let decimals = 0...17

    /// nil when `count` is allowed, else what was expected and found ("expected 1 to 17
    /// significant digits, found 18").
    public static func problem(significantDigits count: Int) -> String? {
        significantDigits.contains(count) ? nil : "expected \(significantDigits.lowerBound) to \(significantDigits.upperBound) significant digits, found \(count)"
    }

    /// nil when `count` is allowed, else what was expected and found ("expected 0 to 17
    /// decimals, found -1").
    public static func problem(decimals count: Int) -> String? {
        decimals.contains(count) ? nil : "expected \(decimals.lowerBound) to \(decimals.upperBound) decimals, found \(count)"
    }
}
