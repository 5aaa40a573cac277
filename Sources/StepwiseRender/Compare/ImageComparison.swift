import Foundation

/// When two PNGs count as the same figure.
///
/// A pixel differs when any of its four channels differs by more than `channelThreshold`
/// (0–255); the image fails when more than `maxDifferingFraction` of its pixels differ, or when
/// the sizes differ. Defaults: threshold 16 (about 6 %, absorbs antialiasing noise) and
/// fraction 0.0005 (0.05 %: 36 pixels of a 300×240 figure — one stray pixel passes, a label
/// moved by a few pixels fails).
public struct PixelTolerance: Equatable, Sendable {
    public var channelThreshold: Int
    public var maxDifferingFraction: Double

    public init(channelThreshold: Int = 16, maxDifferingFraction: Double = 0.0005) {
        self.channelThreshold = channelThreshold
        self.maxDifferingFraction = maxDifferingFraction
    }

    public static let `default` = PixelTolerance()
    /// Byte-for-byte equal pixels.
    public static let exact = PixelTolerance(channelThreshold: 0, maxDifferingFraction: 0)
}

/// The outcome of comparing two images.
public struct ImageDifference: Sendable {
    public var expectedSize: (width: Int, height: Int)
    public var actualSize: (width: Int, height: Int)
    public var differingPixels: Int
    public var totalPixels: Int
    public var largestChannelDelta: Int
    public var tolerance: PixelTolerance

    public var sizesMatch: Bool { expectedSize == actualSize }
    public var differingFraction: Double { totalPixels == 0 ? 0 : Double(differingPixels) / Double(totalPixels) }
    public var passes: Bool { sizesMatch && differingFraction <= tolerance.maxDifferingFraction }

    public var summary: String {
        if !sizesMatch {
            return "size \(actualSize.width)×\(actualSize.height) differs from the golden's \(expectedSize.width)×\(expectedSize.height)"
        }
        return "\(differingPixels) of \(totalPixels) pixels differ (\(String(format: "%.4f", differingFraction * 100)) %, allowed "
            + "\(String(format: "%.4f", tolerance.maxDifferingFraction * 100)) % with channel threshold \(tolerance.channelThreshold)); largest channel difference \(largestChannelDelta)"
    }
}

/// Pixel and text comparison of rendered figures: used by StepwiseTesting's golden assertions
/// and by `stepwise golden check`.
public enum ImageComparison {
    public static func compare(expected: RGBAImage, actual: RGBAImage, tolerance: PixelTolerance = .default) -> ImageDifference {
        var difference = ImageDifference(expectedSize: (expected.width, expected.height), actualSize: (actual.width, actual.height),
                                         differingPixels: 0, totalPixels: expected.width * expected.height, largestChannelDelta: 0,
                                         tolerance: tolerance)
        guard difference.sizesMatch else { return difference }
        expected.pixels.withUnsafeBufferPointer { e in
            actual.pixels.withUnsafeBufferPointer { a in
                var index = 0
                while index < e.count {
                    var largest = 0
                    for k in 0..<4 { largest = max(largest, abs(Int(e[index + k]) - Int(a[index + k]))) }
                    if largest > tolerance.channelThreshold { difference.differingPixels += 1 }
                    difference.largestChannelDelta = max(difference.largestChannelDelta, largest)
                    index += 4
                }
            }
        }
        return difference
    }

    /// The expected image faded to 25 %, with differing pixels in magenta (the union of both
    /// sizes; cells outside one image count as differing).
    public static func diffImage(expected: RGBAImage, actual: RGBAImage, tolerance: PixelTolerance = .default) -> RGBAImage {
        let width = max(expected.width, actual.width)
        let height = max(expected.height, actual.height)
        var pixels = [UInt8](repeating: 255, count: width * height * 4)
        for y in 0..<height {
            for x in 0..<width {
                let out = (y * width + x) * 4
                let inExpected = x < expected.width && y < expected.height
                let inActual = x < actual.width && y < actual.height
                var differs = inExpected != inActual
                if inExpected && inActual {
                    let e = (y * expected.width + x) * 4
                    let a = (y * actual.width + x) * 4
                    for k in 0..<4 where abs(Int(expected.pixels[e + k]) - Int(actual.pixels[a + k])) > tolerance.channelThreshold { differs = true }
                }
                if differs {
                    (pixels[out], pixels[out + 1], pixels[out + 2]) = (255, 0, 255)
                } else if inExpected {
                    let e = (y * expected.width + x) * 4
                    for k in 0..<3 { pixels[out + k] = UInt8(191 + Int(expected.pixels[e + k]) / 4) }
                }
            }
        }
        return RGBAImage(width: width, height: height, pixels: pixels)
    }

    /// SVG text as goldens compare it: Cairo's ids renumbered in order of appearance, line ends
    /// unified, trailing spaces dropped, every number outside embedded images rounded to one
    /// decimal (so sub-pixel noise in glyph outlines does not count, a moved label does), and the
    /// provenance line (`<metadata>Stepwise …; fnv1a64:…</metadata>`, or the comment
    /// `<!-- Stepwise …; fnv1a64:… -->` that older versions wrote) left out: its digest covers the
    /// source numbers at full precision, which may move by an ulp without changing the drawing.
    public static func normalizedSVG(_ text: String) -> String {
        let renumbered = SVGIdentifiers.renumber(text.replacingOccurrences(of: "\r\n", with: "\n"))
        var lines: [String] = []
        for line in renumbered.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("<metadata>Stepwise ") && line.hasSuffix("</metadata>") { continue }
            if line.hasPrefix("<!-- Stepwise ") && line.hasSuffix("-->") { continue }
            var trimmed = String(line)
            while trimmed.last == " " || trimmed.last == "\t" { trimmed.removeLast() }
            lines.append(trimmed.contains("data:") ? trimmed : roundNumbers(trimmed))
        }
        return lines.joined(separator: "\n")
    }

    static func roundNumbers(_ line: String) -> String {
        var output = ""
        var number = ""
        var previous: Character = " "
        func flush() {
            guard !number.isEmpty else { return }
            if number.contains("."), let value = Double(number) {
                let rounded = (value * 10).rounded() / 10
                output += rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
            } else {
                output += number
            }
            number = ""
        }
        for character in line {
            let startsNumber = number.isEmpty && (character.isNumber || character == "-" || character == ".")
                && !(previous.isLetter || previous == "_" || previous == "#")
            if character.isASCII && (character.isNumber || (character == "." && !number.contains(".")) || (character == "-" && number.isEmpty)) && (startsNumber || !number.isEmpty) {
                number.append(character)
            } else {
                flush()
                output.append(character)
            }
            previous = character
        }
        flush()
        return output
    }

    /// Compares two files of a format: PNG by pixels, SVG by normalised text, anything else by
    /// bytes. Returns nil when they match, else a one-line reason. A PNG that cannot be decoded
    /// (or declares more pixels than `CanvasLimits`) throws, naming it by `expectedName` or
    /// `actualName`.
    public static func difference(expected: Data, actual: Data, format: OutputFormat?, tolerance: PixelTolerance = .default,
                                  expectedName: String = "golden", actualName: String = "rendered") throws -> String? {
        switch format {
        case .png?:
            func decode(_ data: Data, _ name: String) throws -> RGBAImage {
                do { return try PNGCodec.decode(data) } catch let error as RenderError { throw RenderError.invalidInput("\(name): \(error)") }
            }
            let result = compare(expected: try decode(expected, expectedName), actual: try decode(actual, actualName), tolerance: tolerance)
            return result.passes ? nil : result.summary
        case .svg?:
            let e = normalizedSVG(String(decoding: expected, as: UTF8.self)).split(separator: "\n", omittingEmptySubsequences: false)
            let a = normalizedSVG(String(decoding: actual, as: UTF8.self)).split(separator: "\n", omittingEmptySubsequences: false)
            guard e != a else { return nil }
            let line = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
            return "normalised SVG differs from line \(line + 1) (\(e.count) lines expected, \(a.count) found)"
        default:
            return expected == actual ? nil : "bytes differ (\(expected.count) expected, \(actual.count) found)"
        }
    }
}
