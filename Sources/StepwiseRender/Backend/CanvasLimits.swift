/// The largest image Stepwise draws or decodes: Cairo's 32,767 pixels per side, and 100 million
/// pixels in all (400 MB of RGBA). Sizes computed from data and sizes declared in a PNG header
/// are checked against it before any memory is allocated for them.
public enum CanvasLimits {
    public static let maxSide = 32_767
    public static let maxPixels = 100_000_000

    /// nil when a `width` × `height` image fits; else the reason, as a clause to follow a
    /// subject ("1000000 × 1000000 pixels, over the limit of …").
    public static func excess(width: Double, height: Double) -> String? {
        let fits = width.isFinite && height.isFinite && width <= Double(maxSide) && height <= Double(maxSide)
            && width * height <= Double(maxPixels)
        guard !fits else { return nil }
        return "\(describe(width)) × \(describe(height)) pixels, over the limit of \(maxSide) per side and \(maxPixels) in all"
    }

    private static func describe(_ side: Double) -> String {
        side.isFinite && side.magnitude < 1e15 ? String(Int(side.rounded(.up))) : NumberFormat.compact(side)
    }
}
