import Foundation

/// "Nice" axis ticks: steps of 1, 2 or 5 times a power of ten (Heckbert's labelling).
///
/// Any pair of Doubles gives finite, strictly ascending ticks: zero-width ranges are padded,
/// subnormal widths (1e-320) get subnormal steps, and ranges wider than the largest Double
/// (−1e308…1e308) are measured in halves; a tick that would overflow is replaced by the largest
/// finite Double, so the ticks still enclose the range.
public struct Ticks: Equatable, Sendable {
    /// Tick values, ascending, covering the data range.
    public var values: [Double]
    /// The spacing between ticks.
    public var step: Double
    /// Decimal places that show every tick exactly.
    public var decimals: Int

    /// About `target` ticks spanning `lower…upper`; the first and last tick enclose the range.
    /// With `integers` (an axis of training steps) every tick is a whole number: the spacing is
    /// at least 1, and a single value is padded by 1 on each side. Non-finite ends give 0…1.
    public static func nice(_ lower: Double, _ upper: Double, target: Int = 5, integers: Bool = false) -> Ticks {
        var (lower, upper) = (lower, upper)
        if !(lower.isFinite && upper.isFinite) { (lower, upper) = (0, 1) }
        if lower > upper { swap(&lower, &upper) }
        if lower == upper { (lower, upper) = padded(lower, integers: integers) }
        var step = niceNumber(width(lower, upper) / Double(max(1, target - 1)), round: true)
        if integers { step = max(step, 1) }
        guard let firstIndex = index(lower / step, rounding: .down), let lastIndex = index(upper / step, rounding: .up),
              lastIndex - firstIndex <= 4 * max(target, 2) else {
            // Not reached for finite ends; kept so that no input can trap.
            return Ticks(values: [lower, upper], step: width(lower, upper), decimals: 0)
        }
        let decimals = max(0, -Int(floor(log10(step) + 1e-9)))
        // Snap rounding noise (0.6000000000000001 → 0.6, −1e-17 → 0) to the tick's decimals
        // (where 10^decimals is a finite Double: not for subnormal steps).
        let unit = pow(10, Double(decimals))
        var values = (firstIndex...max(firstIndex, lastIndex)).map { k -> Double in
            let raw = Double(k) * step
            let snapped = unit.isFinite && (raw * unit).isFinite ? (raw * unit).rounded() / unit : raw
            return snapped == 0 ? 0 : min(max(snapped, -.greatestFiniteMagnitude), .greatestFiniteMagnitude)
        }
        // Overflowing ends became ±greatestFiniteMagnitude; drop any tick that now repeats.
        values = values.enumerated().filter { $0.offset == 0 || $0.element > values[$0.offset - 1] }.map(\.element)
        return Ticks(values: values, step: step, decimals: decimals)
    }

    /// Each tick as a label: fixed decimals, or powers of ten (`1.5e21`) for ticks of a
    /// million and more or steps below a millionth, as a diverging run's numbers are.
    public var labels: [String] {
        let largest = values.map { abs($0) }.max() ?? 0
        guard largest >= 1e6 || decimals > 6 else { return values.map { NumberFormat.fixed($0, decimals: decimals) } }
        // Enough significant digits to tell neighbouring ticks apart.
        let spread = largest > 0 && step > 0 ? floor(log10(largest)) - floor(log10(step)) : 0
        let digits = spread.isFinite ? Int(min(max(spread + 1, 1), 15)) : 15
        return values.map { NumberFormat.compact($0, digits: digits) }
    }

    public var lower: Double { values.first ?? 0 }
    public var upper: Double { values.last ?? 1 }

    /// Where `value` falls between the first and last tick: 0 at `lower`, 1 at `upper`, not
    /// clamped beyond ±1e6 (so that a point far off the axis still has a finite position).
    public func fraction(of value: Double) -> Double {
        ValueRange(lower, upper).fraction(of: value)
    }

    /// `upper − lower`, or the largest Double when that overflows (−1e308…1e308).
    static func width(_ lower: Double, _ upper: Double) -> Double {
        let width = upper - lower
        return width.isFinite ? width : .greatestFiniteMagnitude
    }

    /// A single value widened to a range: by 1 around 0 or on an integer axis, else by a tenth
    /// of its size (at least enough to change it, so 5e-324 becomes 0…1e-323), staying finite.
    static func padded(_ value: Double, integers: Bool) -> (Double, Double) {
        var pad = integers || value == 0 ? 1 : abs(value) * 0.1
        if value - pad == value || value + pad == value { pad = max(abs(value), .leastNonzeroMagnitude) }
        let limit = Double.greatestFiniteMagnitude
        return (max(value - pad, -limit), min(value + pad, limit))
    }

    /// `ratio` rounded to a whole number, or nil when it is not finite or beyond ±1e17 (the
    /// ticks of finite ends stay within ±2e16 steps of zero).
    static func index(_ ratio: Double, rounding: FloatingPointRoundingRule) -> Int? {
        let rounded = (rounding == .down ? ratio + 1e-9 : ratio - 1e-9).rounded(rounding)
        guard abs(rounded) <= 1e17 else { return nil }
        return Int(exactly: rounded)
    }

    /// 1, 2, 5 or 10 times a power of ten near `x` (any positive finite `x`, subnormals and
    /// the largest Doubles included; the result is positive and finite).
    static func niceNumber(_ x: Double, round: Bool) -> Double {
        let x = min(max(x, .leastNonzeroMagnitude), .greatestFiniteMagnitude)
        let exponent = floor(log10(x))
        // 10^exponent underflows below 1e-308: work 300 decades up, then come back down.
        let shift = exponent < -300 ? 300.0 : 0
        let fraction = x * pow(10, shift) / pow(10, exponent + shift)
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        let result = nice * pow(10, exponent + shift) / pow(10, shift)
        if result.isInfinite { return 1e308 }
        return max(result, .leastNonzeroMagnitude)
    }
}
