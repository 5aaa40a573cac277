import Foundation
import Plot
import StepwiseEngine
import StepwiseRender
import StepwiseTrace

/// The lesson blocks that read a BERT spec: its figures, one query's attention written out with
/// the trace's numbers, and the tokenizer's steps as a table.
extension LessonRenderer {
    /// A BERT figure: the spec's forward trace (sentence-similarity: every listed spec's).
    func bertFigure(_ figure: FigureDirective) throws -> RenderedFigure {
        let names = figure.runs.isEmpty ? [figure.source.spec] : figure.runs.map(\.spec)
        let traces = try names.map { try bertTrace(of: $0, at: figure.source).trace }
        let request = FigureRequest(kind: figure.kind, step: figure.source.step, scope: figure.scope, options: figure.options, caption: figure.caption)
        do {
            return try figures.renderBert(request, of: traces)
        } catch {
            throw figure.source.error("\(error)")
        }
    }

    /// The trace of the BERT spec `name`, with problems reported at `reference`'s line.
    private func bertTrace(of name: String, at reference: TraceReference) throws -> BertTraced {
        do {
            return try traces.bert.trace(of: source.specs[name]!)
        } catch let error as LessonError {
            throw reference.error("spec \"\(Excerpt(name))\" failed: \(error)")
        }
    }

    /// `show: bert-attention-row`: for one query token of one head, each score q·k/√d against
    /// every key token, the softmax's sum, and each weight, all from the trace.
    func bertAttentionRow(_ directive: WalkthroughDirective) throws -> MathML.Node {
        let reference = directive.source
        let traced = try bertTrace(of: reference.spec, at: reference)
        let view: BertTraceView
        do { view = try BertTraceView(traced.trace) } catch { throw reference.error("\(error)") }
        guard let layer = Int(directive.layer ?? ""), layer >= 1, layer <= view.layerCount else {
            throw reference.error("layer: expected a layer number from 1 to \(view.layerCount), found \"\(Excerpt(directive.layer ?? ""))\"")
        }
        let head = directive.head
        guard head <= view.headCount else { throw reference.error("head: each layer has heads 1 to \(view.headCount), found \(head)") }
        let count = view.tokens.count
        let i = directive.query
        guard i >= 0 && i < count else { throw reference.error("query \(i) is not a token position (0..<\(count), counting from 0)") }
        let prefix = "encoder/layer\(layer - 1)/attention/head\(head)"
        let dots: [[Double]], scores: [[Double]], weights: [[Double]], width: Int
        do {
            dots = try view.tokenRows("\(prefix)/dot_products")
            scores = try view.tokenRows("\(prefix)/scores")
            weights = try view.tokenRows("\(prefix)/weights")
            width = try view.tokenRows("\(prefix)/query").first?.count ?? 0
        } catch {
            throw reference.error("\(error)")
        }
        let digits = directive.digits
        func number(_ value: Double) -> MathML.Node { MathML.value(value, digits: digits) }
        func quoted(_ j: Int) -> String { "“\(view.tokens[j])”" }
        let root: MathML.Node = .element(named: "msqrt", nodes: [MathML.number(String(width))])
        let query = MathML.sub(MathML.identifier("q"), MathML.number(String(i + 1)))
        var lines: [[MathML.Node]] = [
            [MathML.text("query: token \(i + 1) \(quoted(i)); its query vector q\(subscriptDigits(i + 1)) and each key vector k\(subscriptDigits(1))…k\(subscriptDigits(count)) have \(width) numbers")],
        ]
        for j in 0..<count {
            let key = MathML.sub(MathML.identifier("k"), MathML.number(String(j + 1)))
            let score = MathML.sub(MathML.identifier("s"), MathML.number(String(j + 1)))
            lines.append([score, MathML.op("="), MathML.fraction(MathML.row([query, MathML.op("·"), key]), root), MathML.op("="),
                          MathML.fraction(number(dots[i][j]), root), MathML.op("="), number(scores[i][j]),
                          MathML.space(1), MathML.text("(key: token \(j + 1) \(quoted(j)))")])
        }
        let exps = scores[i].map { Foundation.exp($0) }
        let total = exps.reduce(0, +)
        var sum: [MathML.Node] = [MathML.identifier("S"), MathML.op("="), MathML.under(MathML.op("∑"), MathML.identifier("j")),
                                  MathML.power(MathML.identifier("e"), MathML.sub(MathML.identifier("s"), MathML.identifier("j"))), MathML.op("=")]
        for (j, e) in exps.enumerated() {
            if j > 0 { sum.append(MathML.op("+")) }
            sum.append(number(e))
        }
        lines.append(sum + [MathML.op("="), number(total)])
        for j in 0..<count {
            let score = MathML.sub(MathML.identifier("s"), MathML.number(String(j + 1)))
            lines.append([MathML.sub(MathML.identifier("α"), MathML.number(String(j + 1))), MathML.op("="),
                          MathML.fraction(MathML.power(MathML.identifier("e"), score), MathML.identifier("S")), MathML.op("="),
                          MathML.fraction(number(exps[j]), number(total)), MathML.op("="), number(weights[i][j]),
                          MathML.space(1), MathML.text("(\(quoted(j)))")])
        }
        return MathML.lines(lines, label: "Head \(head) of layer \(layer), query token \(i + 1) \(quoted(i)): scores, softmax and attention weights")
    }

    private func subscriptDigits(_ number: Int) -> String {
        let small: [Character] = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
        return String(String(number).map { small[Int(String($0))!] })
    }

    /// `stepwise-tokens`: each text through the tokenizer, one step per row.
    func tokenTable(_ directive: TokensDirective) throws -> Node<HTML.BodyContext> {
        let (spec, tokenizer, _) = try tokenizerOf(directive)
        func pieces(_ tokens: [String]) -> Node<HTML.BodyContext> {
            .group(tokens.enumerated().map { .group([$0.offset > 0 ? .text(" ") : .text(""), .code(.text($0.element))]) })
        }
        var tables: [Node<HTML.BodyContext>] = []
        for text in directive.texts {
            let words = WordPieceTokenizer.basicTokens(text)
            let split = words.map { tokenizer.wordPieces($0) }
            let (tokens, ids) = tokenizer.encode(text)
            let wordPieces: [Node<HTML.BodyContext>] = zip(words, split).enumerated().map { index, pair in
                .group([index > 0 ? .text(" · ") : .text(""), .code(.text(pair.0)), .text(" → "), pieces(pair.1)])
            }
            tables.append(.table(.class("values tokens"),
                                 .caption(.text("“\(text)” through the tokenizer"),
                                          ValueTable.traceLine(directive.spec, ["stepwise tokenize \(spec.checkpointShown)"])),
                                 .tbody(
                                    .tr(.th("1. words and punctuation (lower-case, no accents, each Chinese character apart)"), .td(pieces(words))),
                                    .tr(.th("2. each word as vocabulary pieces (## = continues the word)"), .td(.group(wordPieces))),
                                    .tr(.th("3. the model's input: [CLS] … [SEP]"), .td(pieces(tokens))),
                                    .tr(.th("4. their ids in the vocabulary"), .td(.text(ids.map(String.init).joined(separator: " "))))
                                 )))
        }
        return .div(.class("table-scroll"), .group(tables))
    }

    private func tokenizerOf(_ directive: TokensDirective) throws -> (BertSpec, WordPieceTokenizer, BertConfig) {
        do {
            return try traces.bert.tokenizer(of: source.specs[directive.spec]!)
        } catch let error as LessonError {
            throw directive.error("spec \"\(Excerpt(directive.spec))\" failed: \(error)")
        }
    }
}

extension RendererFigures {
    public func renderBert(_ request: FigureRequest, of traces: [ForwardTrace]) throws -> RenderedFigure {
        let kind = try FigureKind.named(request.kind)
        let settings = try FigureSettings(step: request.step, scope: request.scope, options: request.options)
        let figure = try FigureCatalog.bertFigure(kind, of: traces, settings: settings)
        return RenderedFigure(png: try Renderer.render(figure, as: .png), svg: try Renderer.render(figure, as: .svg),
                              width: Int(figure.size.width), height: Int(figure.size.height), description: figure.caption,
                              smallestText: figure.smallestTextSize)
    }
}
