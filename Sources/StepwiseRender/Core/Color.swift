import Foundation

/// An sRGB colour with alpha, each channel in 0...1.
public struct Color: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// From a 24-bit `0xRRGGBB` value.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(red: Double((hex >> 16) & 0xff) / 255, green: Double((hex >> 8) & 0xff) / 255,
                  blue: Double(hex & 0xff) / 255, alpha: alpha)
    }

    public func withAlpha(_ alpha: Double) -> Color {
        Color(red: red, green: green, blue: blue, alpha: alpha)
    }

    /// Straight interpolation in sRGB: `t` = 0 gives `self`, 1 gives `other`.
    public func mixed(with other: Color, _ t: Double) -> Color {
        Color(red: red + (other.red - red) * t, green: green + (other.green - green) * t,
              blue: blue + (other.blue - blue) * t, alpha: alpha + (other.alpha - alpha) * t)
    }

    /// WCAG relative luminance, for choosing black or white text on a cell.
    public var luminance: Double {
        func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// Black or white, whichever reads better on this colour.
    public var contrastingText: Color { luminance > 0.36 ? .black : .white }

    /// `#rrggbb`.
    public var hexString: String {
        func byte(_ c: Double) -> String {
            let value = Int((min(max(c, 0), 1) * 255).rounded())
            let digits = String(value, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }
        return "#" + byte(red) + byte(green) + byte(blue)
    }

    public var description: String { hexString }

    public static let black = Color(hex: 0x000000)
    public static let white = Color(hex: 0xffffff)
    /// Body text.
    public static let ink = Color(hex: 0x222222)
    /// Secondary text, ticks.
    public static let mutedInk = Color(hex: 0x555555)
    /// Axis lines and frames.
    public static let axis = Color(hex: 0x444444)
    /// Grid lines.
    public static let grid = Color(hex: 0xe3e3e3)
    /// Masked or absent values.
    public static let masked = Color(hex: 0xd0d0d0)
    /// The highlighted path of a network diagram (Okabe–Ito orange, colour-blind safe).
    public static let highlight = Color(hex: 0xe69f00)

    /// Okabe–Ito qualitative palette (colour-blind safe), for line series: blue, vermillion,
    /// bluish green, orange, reddish purple, sky blue, yellow, black.
    public static let series: [Color] = [
        Color(hex: 0x0072b2), Color(hex: 0xd55e00), Color(hex: 0x009e73), Color(hex: 0xe69f00),
        Color(hex: 0xcc79a7), Color(hex: 0x56b4e9), Color(hex: 0xf0e442), Color(hex: 0x000000),
    ]
}
