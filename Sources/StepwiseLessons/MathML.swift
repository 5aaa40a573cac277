import Plot

/// A small builder for presentation MathML, on Plot's nodes. Every text (an identifier, number,
/// operator or words, some of them read from traces, vocabularies or lessons) goes through
/// `Node.literal`, the label attribute through `EscapedHTML`: both escape with `MarkupEscaping`.
enum MathML {
    typealias Node = Plot.Node<HTML.BodyContext>

    /// A block formula.
    static func block(_ content: [Node], label: String) -> Node {
        .element(named: "math", nodes: [.attribute(named: "display", value: "block"),
                                        .escaped("aria-label", label),
                                        row(content)])
    }

    static func row(_ content: [Node]) -> Node { .element(named: "mrow", nodes: content) }
    static func identifier(_ name: String) -> Node { .element(named: "mi", nodes: [.literal(name)]) }
    static func number(_ text: String) -> Node { .element(named: "mn", nodes: [.literal(text)]) }
    static func op(_ symbol: String) -> Node { .element(named: "mo", nodes: [.literal(symbol)]) }
    /// A parenthesis that does not stretch: around one number it sits tight (a stretchy one
    /// is drawn from a wider glyph, with space inside).
    static func fence(_ symbol: String) -> Node { .element(named: "mo", nodes: [.attribute(named: "stretchy", value: "false"), .literal(symbol)]) }
    static func text(_ words: String) -> Node { .element(named: "mtext", nodes: [.literal(words)]) }
    /// A thin space (⅙ em), as between a function name and its argument.
    static var thinSpace: Node { .element(named: "mspace", nodes: [.attribute(named: "width", value: "0.17em")]) }
    /// A space of `em` ems, before a note in words.
    static func space(_ em: Double) -> Node { .element(named: "mspace", nodes: [.escaped("width", "\(em)em")]) }
    /// `log y`: a function name, a thin space, its argument.
    static func function(_ name: String, _ argument: Node) -> Node { row([identifier(name), thinSpace, argument]) }

    static func sub(_ base: Node, _ lower: Node) -> Node {
        .element(named: "msub", nodes: [base, lower])
    }

    /// `base` with a subscript and a superscript.
    static func subsup(_ base: Node, _ lower: Node, _ upper: Node) -> Node {
        .element(named: "msubsup", nodes: [base, lower, upper])
    }

    /// `base` with `lower` written under it (∑ with its index).
    static func under(_ base: Node, _ lower: Node) -> Node {
        .element(named: "munder", nodes: [base, lower])
    }

    /// A matrix in square brackets, one row of cells per inner array.
    static func matrix(_ rows: [[Node]]) -> Node {
        row([op("["), .element(named: "mtable", nodes: rows.map { cells in
            .element(named: "mtr", nodes: cells.map { .element(named: "mtd", nodes: [$0]) })
        }), op("]")])
    }

    static func power(_ base: Node, _ upper: Node) -> Node {
        .element(named: "msup", nodes: [base, upper])
    }

    static func fraction(_ numerator: Node, _ denominator: Node) -> Node {
        .element(named: "mfrac", nodes: [numerator, denominator])
    }

    /// ∂a/∂b as a fraction.
    static func partial(_ numerator: Node, _ denominator: Node) -> Node {
        fraction(row([op("∂"), numerator]), row([op("∂"), denominator]))
    }

    /// A number as the page shows it; negatives in parentheses when they follow an operator.
    static func value(_ value: Double, digits: Int, parenthesized: Bool = false) -> Node {
        let parts = NumberFormat.parts(value, digits: digits)
        var node = number(parts.mantissa)
        if let exponent = parts.exponent {
            node = row([node, op("×"), power(number("10"), number((exponent < 0 ? "−" : "") + String(Swift.abs(exponent))))])
            if parenthesized { return row([fence("("), node, fence(")")]) }
        }
        guard parenthesized && value < 0 else { return node }
        return row([fence("("), node, fence(")")])
    }

    /// Several formula lines aligned in a table, one per row.
    static func lines(_ rows: [[Node]], label: String) -> Node {
        .element(named: "math", nodes: [
            .attribute(named: "display", value: "block"),
            .escaped("aria-label", label),
            .element(named: "mtable", nodes: [.attribute(named: "columnalign", value: "left")] + rows.map { cells in
                .element(named: "mtr", nodes: [.element(named: "mtd", nodes: [row(cells)])])
            }),
        ])
    }
}
