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
}
