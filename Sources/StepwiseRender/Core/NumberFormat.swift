import Foundation

/// Formats numbers for labels: fixed decimals, or compact significant digits for ranges.
public enum NumberFormat {
    /// `value` with `decimals` digits after the point; `−` (U+2212) for negatives, and no
    /// negative zero. A million and more is written compactly (`1.5e10`), so a diverging
    /// run's numbers stay short.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return nonFinite(value) }
        if abs(value) >= 1e6 { return compact(value, digits: 3) }
        var text = String(format: "%.\(max(0, decimals))f", value)
        if text.hasPrefix("-") {
            let digits = text.dropFirst()
            text = digits.allSatisfy { $0 == "0" || $0 == "." } ? String(digits) : "−" + digits
        }
        return text
    }

    /// At most `digits` significant digits, trailing zeros removed; scientific notation outside
    /// 1e-4…1e6.
    public static func compact(_ value: Double, digits: Int = 3) -> String {
        guard value.isFinite else { return nonFinite(value) }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        var text: String
        if magnitude < 1e-4 || magnitude >= 1e6 {
            text = String(format: "%.\(max(0, digits - 1))e", value)
            if let e = text.firstIndex(of: "e") {
                var mantissa = String(text[..<e])
                if mantissa.contains(".") {
                    while mantissa.hasSuffix("0") { mantissa.removeLast() }
                    if mantissa.hasSuffix(".") { mantissa.removeLast() }
                }
                let exponent = Int(text[text.index(after: e)...]) ?? 0
                text = "\(mantissa)e\(exponent)"
            }
        } else {
            let decimals = max(0, digits - 1 - Int(floor(log10(magnitude))))
            text = String(format: "%.\(decimals)f", value)
            if text.contains(".") {
                while text.hasSuffix("0") { text.removeLast() }
                if text.hasSuffix(".") { text.removeLast() }
            }
        }
        if text.hasPrefix("-") { text = "−" + text.dropFirst() }
        return text
    }

    private static func nonFinite(_ value: Double) -> String {
        value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞")
    }
}
