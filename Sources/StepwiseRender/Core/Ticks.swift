import Foundation

/// "Nice" axis ticks: steps of 1, 2 or 5 times a power of ten (Heckbert's labelling).
public struct Ticks: Equatable, Sendable {
    /// Tick values, ascending, covering the data range.
    public var values: [Double]
    /// The spacing between ticks.
    public var step: Double
    /// Decimal places that show every tick exactly.
    public var decimals: Int

    /// About `target` ticks spanning `lower…upper`; the first and last tick enclose the range.
    /// With `integers` (an axis of training steps) every tick is a whole number: the spacing is
    /// at least 1, and a single value is padded by 1 on each side.
    public static func nice(_ lower: Double, _ upper: Double, target: Int = 5, integers: Bool = false) -> Ticks {
        var lower = lower
        var upper = upper
        if !(lower.isFinite && upper.isFinite) { (lower, upper) = (0, 1) }
        if lower > upper { swap(&lower, &upper) }
        if lower == upper {
            let pad = integers || lower == 0 ? 1 : abs(lower) * 0.1
            (lower, upper) = (lower - pad, upper + pad)
        }
        var step = niceNumber((upper - lower) / Double(max(1, target - 1)), round: true)
        if integers { step = max(step, 1) }
        let firstIndex = Int(floor(lower / step + 1e-9))
        let lastIndex = Int(ceil(upper / step - 1e-9))
        let decimals = max(0, -Int(floor(log10(step) + 1e-9)))
        // Snap rounding noise (0.6000000000000001 → 0.6, −1e-17 → 0) to the tick's decimals.
        let unit = pow(10, Double(decimals))
        let values = (firstIndex...max(firstIndex, lastIndex)).map { k -> Double in
            let snapped = (Double(k) * step * unit).rounded() / unit
            return snapped == 0 ? 0 : snapped
        }
        return Ticks(values: values, step: step, decimals: decimals)
    }

    /// Each tick as a label: fixed decimals, or powers of ten (`1.5e21`) for ticks of a
    /// million and more or steps below a millionth, as a diverging run's numbers are.
    public var labels: [String] {
        let largest = values.map { abs($0) }.max() ?? 0
        guard largest >= 1e6 || decimals > 6 else { return values.map { NumberFormat.fixed($0, decimals: decimals) } }
        // Enough significant digits to tell neighbouring ticks apart.
        let digits = max(1, Int(floor(log10(largest))) - Int(floor(log10(step))) + 1)
        return values.map { NumberFormat.compact($0, digits: min(digits, 15)) }
    }

    public var lower: Double { values.first ?? 0 }
    public var upper: Double { values.last ?? 1 }

    /// 1, 2, 5 or 10 times a power of ten near `x`.
    static func niceNumber(_ x: Double, round: Bool) -> Double {
        let exponent = floor(log10(x))
        let fraction = x / pow(10, exponent)
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * pow(10, exponent)
    }
}
