import Foundation

/// How numbers appear on lesson pages: a set number of significant digits, trailing zeros
/// dropped, a true minus sign.
enum NumberFormat {
    static func format(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞") }
        if value == 0 { return "0" }
        let magnitude = Swift.abs(value)
        var text: String
        if magnitude >= 1e-4 && magnitude < 1e7 {
            let decimals = max(0, digits - 1 - Int(floor(log10(magnitude))))
            text = String(format: "%.\(decimals)f", magnitude)
            if text.contains(".") {
                while text.hasSuffix("0") { text.removeLast() }
                if text.hasSuffix(".") { text.removeLast() }
            }
        } else {
            text = String(format: "%.\(max(0, digits - 1))e", magnitude)
        }
        return value < 0 ? "−" + text : text
    }
}
