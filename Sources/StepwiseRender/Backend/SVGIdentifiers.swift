import Foundation

/// Cairo's SVG output names things with process-wide counters (`surface17`, `glyph3-5`,
/// `clip2`, …), so the same figure drawn twice gets different ids. This renumbers every such
/// id in order of first appearance, per prefix, so equal figures give equal bytes.
enum SVGIdentifiers {
    static let prefixes = ["surface", "glyph", "clip", "mask", "image", "pattern", "linear", "radial", "source", "filter"]

    static func renumber(_ svg: String) -> String {
        let bytes = Array(svg.utf8)
        let prefixBytes = prefixes.map { Array($0.utf8) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var maps = [[String: Int]](repeating: [:], count: prefixes.count)
        var index = 0
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        func isWordByte(_ b: UInt8) -> Bool { isDigit(b) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b == 45 }
        let dataURL = Array("\"data:".utf8)
        scan: while index < bytes.count {
            let byte = bytes[index]
            // Embedded images (base64) are copied untouched.
            if byte == 34, bytes.count - index > dataURL.count, bytes[index..<(index + dataURL.count)].elementsEqual(dataURL) {
                var end = index + 1
                while end < bytes.count && bytes[end] != 34 { end += 1 }
                output.append(contentsOf: bytes[index..<min(end + 1, bytes.count)])
                index = end + 1
                continue scan
            }
            // A candidate starts a word: the previous byte is not a letter, digit, '_' or '-'.
            if byte >= 97 && byte <= 122, index == 0 || !isWordByte(bytes[index - 1]) {
                for (p, prefix) in prefixBytes.enumerated() where bytes.count - index > prefix.count {
                    if bytes[index..<(index + prefix.count)].elementsEqual(prefix), isDigit(bytes[index + prefix.count]) {
                        var end = index + prefix.count
                        while end < bytes.count && (isDigit(bytes[end]) || (bytes[end] == 45 && end + 1 < bytes.count && isDigit(bytes[end + 1]))) {
                            end += 1
                        }
                        if end < bytes.count && isWordByte(bytes[end]) { break }
                        let token = String(decoding: bytes[(index + prefix.count)..<end], as: UTF8.self)
                        let number: Int
                        if let existing = maps[p][token] {
                            number = existing
                        } else {
                            number = maps[p].count + 1
                            maps[p][token] = number
                        }
                        output.append(contentsOf: prefix)
                        output.append(contentsOf: Array(String(number).utf8))
                        index = end
                        continue scan
                    }
                }
            }
            output.append(byte)
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Rounds every decimal number with more than two decimals to two (1/100 px), outside
    /// embedded images: Cairo writes six, which triples the size of glyph outlines.
    static func roundDecimals(_ svg: String) -> String {
        let bytes = Array(svg.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        let dataURL = Array("\"data:".utf8)
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 34, bytes.count - index > dataURL.count, bytes[index..<(index + dataURL.count)].elementsEqual(dataURL) {
                var end = index + 1
                while end < bytes.count && bytes[end] != 34 { end += 1 }
                output.append(contentsOf: bytes[index..<min(end + 1, bytes.count)])
                index = end + 1
                continue
            }
            // A number: optional '-', digits, '.', digits; not part of a name (letter/'#' before).
            let previous: UInt8 = index > 0 ? bytes[index - 1] : 32
            let previousIsName = (previous >= 65 && previous <= 90) || (previous >= 97 && previous <= 122) || previous == 35 || previous == 95 || isDigit(previous) || previous == 46
            if !previousIsName && (isDigit(byte) || (byte == 45 && index + 1 < bytes.count && isDigit(bytes[index + 1]))) {
                var end = index + (byte == 45 ? 1 : 0)
                while end < bytes.count && isDigit(bytes[end]) { end += 1 }
                if end + 3 < bytes.count, bytes[end] == 46, isDigit(bytes[end + 1]), isDigit(bytes[end + 2]), isDigit(bytes[end + 3]) {
                    var fractionEnd = end + 1
                    while fractionEnd < bytes.count && isDigit(bytes[fractionEnd]) { fractionEnd += 1 }
                    if fractionEnd < bytes.count && (bytes[fractionEnd] == 101 || bytes[fractionEnd] == 69) {
                        // Exponent form: leave as is.
                        output.append(contentsOf: bytes[index..<fractionEnd])
                        index = fractionEnd
                        continue
                    }
                    let text = String(decoding: bytes[index..<fractionEnd], as: UTF8.self)
                    if let value = Double(text) {
                        output.append(contentsOf: twoDecimals(value))
                        index = fractionEnd
                        continue
                    }
                }
                output.append(contentsOf: bytes[index..<end])
                index = end
                continue
            }
            output.append(byte)
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `value` rounded to two decimals, trailing zeros dropped, no negative zero.
    static func twoDecimals(_ value: Double) -> [UInt8] {
        let hundredths = Int((value * 100).rounded())
        if hundredths == 0 { return [48] }
        let magnitude = abs(hundredths)
        var text = hundredths < 0 ? "-" : ""
        text += String(magnitude / 100)
        let fraction = magnitude % 100
        if fraction != 0 {
            text += fraction < 10 ? ".0\(fraction)" : (fraction % 10 == 0 ? ".\(fraction / 10)" : ".\(fraction)")
        }
        return Array(text.utf8)
    }
}
