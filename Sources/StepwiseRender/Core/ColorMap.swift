import StepwiseWords

/// A colour map: numbers to colours, piecewise-linear between published anchor colours.
///
/// - `viridis`: sequential, for magnitudes (activations, probabilities, counts). Perceptually
///   uniform and colour-blind safe. Anchors: entries 0, 16, …, 240 and 255 of matplotlib's
///   256-entry `_viridis_data` (van der Walt & Smith), interpolated in sRGB.
/// - `blueWhiteRed`: diverging, for signed values (gradients, weights, updates): ColorBrewer's
///   RdBu (11 classes, matplotlib's `_RdBu_data`) reversed so negatives are blue, with its
///   centre replaced by pure white so zero is white. Colour-blind safe.
public struct ColorMap: Equatable, Sendable {
    public let name: String
    /// Anchor colours at positions 0...1, ascending.
    public let anchors: [(position: Double, color: Color)]
    /// True for maps centred on zero (`blueWhiteRed`).
    public let isDiverging: Bool

    public init(name: String, anchors: [(Double, Color)], isDiverging: Bool) {
        precondition(anchors.count >= 2 && anchors.first!.0 == 0 && anchors.last!.0 == 1)
        self.name = name
        self.anchors = anchors.map { (position: $0.0, color: $0.1) }
        self.isDiverging = isDiverging
    }

    public static func == (lhs: ColorMap, rhs: ColorMap) -> Bool { lhs.name == rhs.name }

    /// The colour at `t` in 0...1 (clamped; NaN gives `Color.masked`).
    public func color(at t: Double) -> Color {
        guard !t.isNaN else { return .masked }
        let t = min(max(t, 0), 1)
        var upper = 1
        while upper < anchors.count - 1 && anchors[upper].position < t { upper += 1 }
        let (p0, c0) = anchors[upper - 1]
        let (p1, c1) = anchors[upper]
        return c0.mixed(with: c1, p1 > p0 ? (t - p0) / (p1 - p0) : 0)
    }

    /// The colour of `value` on `range`.
    public func color(for value: Double, in range: ValueRange) -> Color {
        color(at: range.fraction(of: value))
    }

    public static let viridis = ColorMap(name: "viridis", anchors: [
        (0 / 255.0, Color(red: 0.267004, green: 0.004874, blue: 0.329415)),
        (16 / 255.0, Color(red: 0.282327, green: 0.094955, blue: 0.417331)),
        (32 / 255.0, Color(red: 0.278826, green: 0.175490, blue: 0.483397)),
        (48 / 255.0, Color(red: 0.258965, green: 0.251537, blue: 0.524736)),
        (64 / 255.0, Color(red: 0.229739, green: 0.322361, blue: 0.545706)),
        (80 / 255.0, Color(red: 0.199430, green: 0.387607, blue: 0.554642)),
        (96 / 255.0, Color(red: 0.172719, green: 0.448791, blue: 0.557885)),
        (112 / 255.0, Color(red: 0.149039, green: 0.508051, blue: 0.557250)),
        (128 / 255.0, Color(red: 0.127568, green: 0.566949, blue: 0.550556)),
        (144 / 255.0, Color(red: 0.120638, green: 0.625828, blue: 0.533488)),
        (160 / 255.0, Color(red: 0.157851, green: 0.683765, blue: 0.501686)),
        (176 / 255.0, Color(red: 0.246070, green: 0.738910, blue: 0.452024)),
        (192 / 255.0, Color(red: 0.369214, green: 0.788888, blue: 0.382914)),
        (208 / 255.0, Color(red: 0.515992, green: 0.831158, blue: 0.294279)),
        (224 / 255.0, Color(red: 0.678489, green: 0.863742, blue: 0.189503)),
        (240 / 255.0, Color(red: 0.845561, green: 0.887322, blue: 0.099702)),
        (255 / 255.0, Color(red: 0.993248, green: 0.906157, blue: 0.143936)),
    ], isDiverging: false)

    public static let blueWhiteRed = ColorMap(name: "blue-white-red", anchors: [
        (0.0, Color(red: 0.0196078431372549, green: 0.18823529411764706, blue: 0.38039215686274508)),
        (0.1, Color(red: 0.12941176470588237, green: 0.4, blue: 0.67450980392156867)),
        (0.2, Color(red: 0.2627450980392157, green: 0.57647058823529407, blue: 0.76470588235294112)),
        (0.3, Color(red: 0.5725490196078431, green: 0.77254901960784317, blue: 0.87058823529411766)),
        (0.4, Color(red: 0.81960784313725488, green: 0.89803921568627454, blue: 0.94117647058823528)),
        (0.5, Color.white),
        (0.6, Color(red: 0.99215686274509807, green: 0.85882352941176465, blue: 0.7803921568627451)),
        (0.7, Color(red: 0.95686274509803926, green: 0.6470588235294118, blue: 0.50980392156862742)),
        (0.8, Color(red: 0.83921568627450982, green: 0.37647058823529411, blue: 0.30196078431372547)),
        (0.9, Color(red: 0.69803921568627447, green: 0.09411764705882353, blue: 0.16862745098039217)),
        (1.0, Color(red: 0.40392156862745099, green: 0.0, blue: 0.12156862745098039)),
    ], isDiverging: true)
}

/// The numbers a colour map spans. Diverging maps use a range symmetric about zero so that
/// white is exactly zero.
public struct ValueRange: Equatable, Sendable, CustomStringConvertible {
    public var lower: Double
    public var upper: Double

    public init(_ lower: Double, _ upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// The range of the finite numbers in `values`; widened to ±0.5 (±5 % beyond 10) around a
    /// constant value and to 0...1 when there is none.
    public static func covering(_ values: [Double]) -> ValueRange {
        var lower = Double.infinity
        var upper = -Double.infinity
        for value in values where value.isFinite {
            lower = Swift.min(lower, value)
            upper = Swift.max(upper, value)
        }
        if lower > upper { return ValueRange(0, 1) }
        if lower == upper {
            let pad = Swift.max(0.5, Swift.abs(lower) * 0.05)
            return ValueRange(Swift.max(lower - pad, -.greatestFiniteMagnitude), Swift.min(upper + pad, .greatestFiniteMagnitude))
        }
        return ValueRange(lower, upper)
    }

    /// −m…m where m is the largest finite magnitude in `values` (1 when all are zero).
    public static func symmetric(_ values: [Double]) -> ValueRange {
        var magnitude = 0.0
        for value in values where value.isFinite { magnitude = Swift.max(magnitude, Swift.abs(value)) }
        if magnitude == 0 { magnitude = 1 }
        return ValueRange(-magnitude, magnitude)
    }

    /// The range for `map`: symmetric for diverging maps.
    public static func forMap(_ map: ColorMap, values: [Double]) -> ValueRange {
        map.isDiverging ? symmetric(values) : covering(values)
    }

    /// Where `value` falls, 0 at `lower` and 1 at `upper`; beyond the range it is not clamped
    /// to 0…1 but to ±1e6, so that even ±∞ has a finite place. A range wider than the largest
    /// Double (−1e308…1e308) is measured in halves.
    public func fraction(of value: Double) -> Double {
        guard upper > lower else { return 0.5 }
        var fraction = (value - lower) / (upper - lower)
        if !(upper - lower).isFinite { fraction = (value / 2 - lower / 2) / (upper / 2 - lower / 2) }
        return fraction.isNaN ? fraction : Swift.min(Swift.max(fraction, -1e6), 1e6)
    }

    public var description: String { "\(lower)…\(upper)" }
}

extension ColorMap {
    /// The map's name as a caption writes it in `edition`.
    public func words(_ edition: Edition) -> String {
        switch name {
        case ColorMap.viridis.name: return ChartWords.viridisMap(edition)
        case ColorMap.blueWhiteRed.name: return ChartWords.blueWhiteRedMap(edition)
        default: return name
        }
    }
}
