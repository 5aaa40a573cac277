import CBuildTarget

/// What this engine was compiled for (the CPU flags of its build), as `stepwise bench` reports it.
///
/// Without a CPU target (`-Xswiftc -target-cpu …`) Swift compiles for plain x86-64, which has no
/// fused multiply-add instruction: the matrix kernel's `addingProduct` then becomes one call of the
/// C library's `fma()` per lane, about ten times slower, with the same bytes.
public enum BuildTarget {
    /// "x86-64", "arm64" or "other".
    public static let architecture: String = STEPWISE_ARCHITECTURE
    /// Whether the matrix kernel's multiply-adds are one instruction each.
    public static let hasHardwareFMA = STEPWISE_HAS_FMA == 1
    public static let hasAVX2 = STEPWISE_HAS_AVX2 == 1
    public static let hasAVX512 = STEPWISE_HAS_AVX512F == 1

    /// One line for learners: e.g. "x86-64 with AVX2 and FMA (the matrix kernel uses hardware fused multiply-add)".
    public static var summary: String {
        var features: [String] = []
        if hasAVX512 { features.append("AVX-512") }
        if hasAVX2 { features.append("AVX2") }
        if hasHardwareFMA && architecture == "x86-64" { features.append("FMA") }
        let cpu = features.isEmpty ? architecture : "\(architecture) with \(features.joined(separator: ", "))"
        let kernel = hasHardwareFMA
            ? "the matrix kernel uses hardware fused multiply-add"
            : "the matrix kernel calls the C library's fma() for every multiply-add"
        return "\(cpu) (\(kernel))"
    }

    /// A one-line warning when the matrix kernel is known to be slow in this build, else nil.
    public static var slowKernelWarning: String? {
        guard !hasHardwareFMA else { return nil }
        return "this binary was built without a CPU target, so its matrix kernel is about ten times slower "
            + "(same results); build it with scripts/build-site, or add -Xswiftc -target-cpu -Xswiftc native"
    }
}
