extension TextMeasurer {
    /// Markup for `plain` followed by `suffix` (markup) that fits in `width` points: the whole
    /// name when it fits, else its longest prefix that does with `…` after it. A figure that cuts
    /// a name gives it in full in its caption.
    public func fitting(_ plain: String, suffix: String = "", width: Double, size: Double, bold: Bool = false) -> String {
        let whole = Markup.escape(plain) + suffix
        guard self.width(whole, size: size, bold: bold) > width else { return whole }
        let characters = Array(plain)
        var low = 0, high = characters.count - 1   // the longest fitting prefix length is in low...high
        while low < high {
            let middle = (low + high + 1) / 2
            let candidate = Markup.escape(String(characters[..<middle])) + "…" + suffix
            if self.width(candidate, size: size, bold: bold) <= width { low = middle } else { high = middle - 1 }
        }
        return Markup.escape(String(characters[..<low])) + "…" + suffix
    }
}
