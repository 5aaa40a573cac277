import Foundation
import StepwiseRender

/// How numbers appear on lesson pages: a set number of significant digits, trailing zeros
/// dropped, a true minus sign; very small and very large magnitudes in scientific notation,
/// written as a power of ten (4.1 × 10⁻⁵), never as `4.1e-05`.
enum NumberFormat {
    /// The number's digits and, in scientific notation, its power of ten.
    struct Parts: Equatable {
        /// With its sign (a true minus), e.g. "−4.10762".
        var mantissa: String
        var exponent: Int?
    }

    /// `digits` follows `DigitsRule` (1…17; directives check it where a lesson sets it).
    static func parts(_ value: Double, digits: Int) -> Parts {
        precondition(DigitsRule.significantDigits.contains(digits), "digits \(digits) outside \(DigitsRule.significantDigits)")
        guard value.isFinite else { return Parts(mantissa: value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞")) }
        if value == 0 { return Parts(mantissa: "0") }
        let magnitude = Swift.abs(value)
        let sign = value < 0 ? "−" : ""
        if magnitude >= 1e-4 && magnitude < 1e7 {
            let decimals = max(0, digits - 1 - Int(floor(log10(magnitude))))
            return Parts(mantissa: sign + trimmed(String(format: "%.\(decimals)f", magnitude)))
        }
        let text = String(format: "%.\(max(0, digits - 1))e", magnitude)
        let pieces = text.split(separator: "e")
        return Parts(mantissa: sign + trimmed(String(pieces[0])), exponent: Int(pieces[1]) ?? 0)
    }

    /// Plain text: "0.25", "−4.10762 × 10⁻⁵".
    static func format(_ value: Double, digits: Int) -> String {
        let parts = parts(value, digits: digits)
        guard let exponent = parts.exponent else { return parts.mantissa }
        return "\(parts.mantissa) × 10\(superscript(exponent))"
    }

    private static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var text = text
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    static func superscript(_ exponent: Int) -> String {
        let digits: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹"]
        return (exponent < 0 ? "⁻" : "") + String(String(Swift.abs(exponent)).map { digits[$0]! })
    }
}
