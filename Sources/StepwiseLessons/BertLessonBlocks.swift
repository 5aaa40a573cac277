import Foundation
import Plot
import StepwiseEngine
import StepwiseRender
import StepwiseTrace
import StepwiseWords

/// The lesson blocks that read a BERT spec: its figures, one query's attention written out with
/// the trace's numbers, and the tokenizer's steps as a table.
extension LessonRenderer {
    /// A BERT figure: the spec's forward trace (sentence-similarity: every listed spec's).
    /// A translation's figure reuses `english` when it draws the same (`FigureRendering`).
    func bertFigure(_ figure: FigureDirective, reusing english: RenderedFigure? = nil) throws -> RenderedFigure {
        let names = figure.runs.isEmpty ? [figure.source.spec] : figure.runs.map(\.spec)
        let traces = try names.map { try bertTrace(of: $0, at: figure.source).trace }
        var request = FigureRequest(kind: figure.kind, step: figure.source.step, scope: figure.scope, options: figure.options, caption: figure.caption)
        request.edition = source.edition
        do {
            return try figures.renderBert(request, of: traces, reusing: english)
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

    /// The BERT spec `reference` names, as the figures and exercises read it.
    func bertView(of reference: TraceReference) throws -> BertTraceView {
        let traced = try bertTrace(of: reference.spec, at: reference)
        do {
            return try BertTraceView(traced.trace)
        } catch {
            throw reference.error("\(error)")
        }
    }

    /// `show: bert-attention-row`, `bert-feed-forward` or `bert-pooling`, with the trace's numbers,
    /// its words in `edition`.
    func bertWalkthrough(_ directive: WalkthroughDirective, edition: Edition = .en) throws -> MathML.Node {
        let reference = directive.source
        let traced = try bertTrace(of: reference.spec, at: reference)
        do {
            let view = try BertTraceView(traced.trace)
            if directive.show == .bertPooling { return try bertPooling(directive, view, edition) }
            guard let layer = Int(directive.layer ?? ""), layer >= 1, layer <= view.layerCount else {
                throw reference.error("layer: expected a layer number from 1 to \(view.layerCount), found \"\(Excerpt(directive.layer ?? ""))\"")
            }
            guard directive.query >= 0 && directive.query < view.tokens.count else {
                throw reference.error("query \(directive.query) is not a token position (0..<\(view.tokens.count), counting from 0)")
            }
            if directive.show == .bertFeedForward { return try bertFeedForward(directive, view, layer: layer, edition) }
            if directive.show == .bertResidual { return try bertResidual(directive, view, layer: layer, edition: edition) }
            return try bertAttentionRow(directive, view, layer: layer, edition)
        } catch let error as LessonError {
            throw error
        } catch {
            throw reference.error("\(error)")
        }
    }

    /// For one query token of one head: each score q·k/√d against every key token, the
    /// softmax's sum, and each weight, all from the trace.
    private func bertAttentionRow(_ directive: WalkthroughDirective, _ view: BertTraceView, layer: Int, _ edition: Edition) throws -> MathML.Node {
        let head = directive.head
        guard head <= view.headCount else { throw directive.source.error("head: each layer has heads 1 to \(view.headCount), found \(head)") }
        let count = view.tokens.count
        let i = directive.query
        let prefix = "encoder/layer\(layer - 1)/attention/head\(head)"
        let dots = try view.tokenRows("\(prefix)/dot_products")
        let scores = try view.tokenRows("\(prefix)/scores")
        let weights = try view.tokenRows("\(prefix)/weights")
        let width = try view.tokenRows("\(prefix)/query").first?.count ?? 0
        let number = numberFormatter(directive)
        let quoted = quoter(view)
        let say = { (entry: WalkthroughWords, values: [String: String]) in entry.typeset(edition, values) }
        let root: MathML.Node = .element(named: "msqrt", nodes: [MathML.number(String(width))])
        let query = MathML.sub(MathML.identifier("q"), MathML.number(String(i + 1)))
        var lines: [[MathML.Node]] = [
            [MathML.text(say(.bertQuery, ["n": String(i + 1), "quoted": quoted(i), "head": String(head), "layer": String(layer)]))],
            [MathML.text(say(.bertQueryAndKeys, ["query": "q\(subscriptDigits(i + 1))", "first": "k\(subscriptDigits(1))", "last": "k\(subscriptDigits(count))",
                                                 "width": String(width)]))],
        ]
        for j in 0..<count {
            let key = MathML.sub(MathML.identifier("k"), MathML.number(String(j + 1)))
            let score = MathML.sub(MathML.identifier("s"), MathML.number(String(j + 1)))
            lines.append([score, MathML.op("="), MathML.fraction(MathML.row([query, MathML.op("·"), key]), root), MathML.op("="),
                          MathML.fraction(number(dots[i][j]), root), MathML.op("="), number(scores[i][j]),
                          MathML.space(1), MathML.text(say(.parenthesised, ["text": quoted(j)]))])
        }
        let exps = scores[i].map { Foundation.exp($0) }
        let total = exps.reduce(0, +)
        // The sum, four terms per line so that it fits a phone.
        var sum: [MathML.Node] = [MathML.identifier("S"), MathML.op("="), MathML.under(MathML.op("∑"), MathML.identifier("j")),
                                  MathML.power(MathML.identifier("e"), MathML.sub(MathML.identifier("s"), MathML.identifier("j")))]
        for (j, e) in exps.enumerated() {
            if j % 4 == 0 {
                lines.append(sum)
                sum = [MathML.op(j == 0 ? "=" : "+")]
            } else {
                sum.append(MathML.op("+"))
            }
            sum.append(number(e))
        }
        lines.append(sum)
        lines.append([MathML.op("="), number(total)])
        for j in 0..<count {
            let score = MathML.sub(MathML.identifier("s"), MathML.number(String(j + 1)))
            lines.append([MathML.sub(MathML.identifier("α"), MathML.number(String(j + 1))), MathML.op("="),
                          MathML.fraction(MathML.power(MathML.identifier("e"), score), MathML.identifier("S")), MathML.op("="),
                          MathML.fraction(number(exps[j]), number(total)), MathML.op("="), number(weights[i][j]),
                          MathML.space(1), MathML.text(say(.parenthesised, ["text": quoted(j)]))])
        }
        return MathML.lines(lines, label: say(.bertAttentionLabel, ["head": String(head), "layer": String(layer), "n": String(i + 1), "quoted": quoted(i)]))
    }

    /// For one token in one layer: the feed-forward block's first pre-activations x, GELU(x) =
    /// x·Φ(x) as the trace has it, and what ReLU would give instead.
    private func bertFeedForward(_ directive: WalkthroughDirective, _ view: BertTraceView, layer: Int, _ edition: Edition) throws -> MathML.Node {
        let prefix = "encoder/layer\(layer - 1)/feed_forward"
        let i = directive.query
        let inner = try view.tokenRows("\(prefix)/preactivation")[i]
        let activated = try view.tokenRows("\(prefix)/gelu")[i]
        let width = try view.tokenRows("encoder/layer\(layer - 1)").first?.count ?? 0
        let number = numberFormatter(directive)
        let say = { (entry: WalkthroughWords, values: [String: String]) in entry.typeset(edition, values) }
        var lines: [[MathML.Node]] = [[MathML.text(say(.bertFeedForwardIn, ["n": String(i + 1), "quoted": quoter(view)(i), "layer": String(layer), "width": String(width),
                                                                            "first": "x\(subscriptDigits(1))", "last": "x\(subscriptDigits(inner.count))"]))],
                                      [MathML.text(say(.bertFeedForwardOut, ["width": String(width), "shown": String(min(6, inner.count))]))]]
        for j in 0..<min(6, inner.count) {
            let x = MathML.sub(MathML.identifier("x"), MathML.number(String(j + 1)))
            let phi = 0.5 * (1 + erf(inner[j] / 2.0.squareRoot()))
            lines.append([MathML.function("GELU", MathML.row([MathML.fence("("), x, MathML.fence(")")])), MathML.op("="), x, MathML.op("·"),
                          MathML.function("Φ", MathML.row([MathML.fence("("), x, MathML.fence(")")])), MathML.op("="),
                          MathML.value(inner[j], digits: directive.digits, parenthesized: true), MathML.op("·"), number(phi), MathML.op("="), number(activated[j]),
                          MathML.space(1), MathML.text(say(.reluWouldGive, ["value": NumberFormat.format(max(0, inner[j]), digits: directive.digits)]))])
        }
        return MathML.lines(lines, label: say(.bertFeedForwardLabel, ["layer": String(layer), "n": String(i + 1), "quoted": quoter(view)(i)]))
    }

    /// The sentence vector: the mean of the last layer's token vectors, feature by feature (the
    /// first three), then divided by its length.
    private func bertPooling(_ directive: WalkthroughDirective, _ view: BertTraceView, _ edition: Edition) throws -> MathML.Node {
        let hidden = try view.hiddenStates(after: view.layerCount)
        let mean = try view.tensor("sentence_embedding/mean").data
        let norm = try view.tensor("sentence_embedding/norm").data
        let normalized = try view.sentenceEmbedding()
        guard norm.count == 1, mean.count == normalized.count, let width = hidden.first?.count, width == mean.count else {
            throw directive.source.error("the trace's sentence_embedding records do not have the last layer's width")
        }
        let number = numberFormatter(directive)
        let count = hidden.count
        let say = { (entry: WalkthroughWords, values: [String: String]) in entry.typeset(edition, values) }
        var lines: [[MathML.Node]] = [[MathML.text(say(.bertPoolingMean, ["count": String(count), "layer": String(view.layerCount), "width": String(width)]))]]
        for j in 0..<min(3, width) {
            var sum: [MathML.Node] = []
            for t in 0..<count {
                if t > 0 { sum.append(MathML.op("+")) }
                sum.append(MathML.value(hidden[t][j], digits: directive.digits, parenthesized: t > 0))
            }
            lines.append([MathML.sub(MathML.identifier("m"), MathML.number(String(j + 1))), MathML.op("="),
                          MathML.fraction(MathML.row(sum), MathML.number(String(count))), MathML.op("="), number(mean[j])])
        }
        lines.append([MathML.text(say(.itsLength, [:])), MathML.space(0.5), MathML.op("‖"), MathML.identifier("m"), MathML.op("‖"), MathML.op("="),
                      .element(named: "msqrt", nodes: [MathML.row([MathML.power(MathML.sub(MathML.identifier("m"), MathML.number("1")), MathML.number("2")),
                                                                   MathML.op("+"), MathML.op("…"), MathML.op("+"),
                                                                   MathML.power(MathML.sub(MathML.identifier("m"), MathML.number(String(width))), MathML.number("2"))])]),
                      MathML.op("="), number(norm[0])])
        for j in 0..<min(3, width) {
            let m = MathML.sub(MathML.identifier("m"), MathML.number(String(j + 1)))
            lines.append([MathML.sub(MathML.identifier("e"), MathML.number(String(j + 1))), MathML.op("="),
                          MathML.fraction(m, MathML.row([MathML.op("‖"), MathML.identifier("m"), MathML.op("‖")])), MathML.op("="),
                          MathML.fraction(number(mean[j]), number(norm[0])), MathML.op("="), number(normalized[j])])
        }
        return MathML.lines(lines, label: say(.bertPoolingLabel, [:]))
    }

    private func numberFormatter(_ directive: WalkthroughDirective) -> (Double) -> MathML.Node {
        { MathML.value($0, digits: directive.digits) }
    }

    private func quoter(_ view: BertTraceView) -> (Int) -> String {
        { "“\(view.tokens[$0])”" }
    }

    private func subscriptDigits(_ number: Int) -> String {
        let small: [Character] = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
        return String(String(number).map { small[Int(String($0))!] })
    }

    /// `stepwise-tokens`: each text through the tokenizer, one step per row, its words in `edition`.
    func tokenTable(_ directive: TokensDirective, edition: Edition = .en) throws -> Node<HTML.BodyContext> {
        let say = { (entry: WalkthroughWords, values: [String: String]) in entry.typeset(edition, values) }
        let (spec, tokenizer, _) = try tokenizerOf(directive)
        func pieces(_ tokens: [String]) -> Node<HTML.BodyContext> {
            .group(tokens.enumerated().map { .group([$0.offset > 0 ? .text(" ") : .text(""), .code(.literal($0.element))]) })
        }
        var tables: [Node<HTML.BodyContext>] = []
        for text in directive.texts {
            let words = WordPieceTokenizer.basicTokens(text)
            let split = words.map { tokenizer.wordPieces($0) }
            let (tokens, ids) = tokenizer.encode(text)
            // Only the words that do not stay whole are written out.
            let splitWords = zip(words, split).filter { $0.1 != [$0.0] }
            let wordPieces: [Node<HTML.BodyContext>] = splitWords.isEmpty ? [.text(say(.everyWordOnePiece, [:]))]
                : splitWords.enumerated().map { index, pair in
                    .group([index > 0 ? .text(" · ") : .text(""), .code(.literal(pair.0)), .text(" → "), pieces(pair.1)])
                } + [.text(words.count > splitWords.count ? say(.otherWordsWhole, [:]) : "")]
            tables.append(.table(.class("values tokens"),
                                 .caption(.literal(say(.throughTheTokenizer, ["text": text])),
                                          ValueTable.traceLine(directive.spec, ["stepwise tokenize \(spec.checkpointShown)"], edition)),
                                 .tbody(
                                    .tr(.th(.text(say(.tokensWords, [:]))), .td(pieces(words))),
                                    .tr(.th(.text(say(.tokensPieces, [:]))), .td(.group(wordPieces))),
                                    .tr(.th(.text(say(.tokensInput, [:]))), .td(pieces(tokens))),
                                    .tr(.th(.text(say(.tokensIds, [:]))), .td(.text(ids.map(String.init).joined(separator: " "))))
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
        try renderBert(request, of: traces, reusing: nil)
    }

    public func renderBert(_ request: FigureRequest, of traces: [ForwardTrace], reusing previous: RenderedFigure?) throws -> RenderedFigure {
        let kind = try FigureKind.named(request.kind)
        var settings = try FigureSettings(step: request.step, scope: request.scope, options: request.options)
        settings.edition = request.edition
        return try Self.drawn(try FigureCatalog.bertFigure(kind, of: traces, settings: settings), reusing: previous)
    }
}

extension WalkthroughDirective.Show {
    /// The walkthroughs of a BERT spec's forward trace.
    var readsBertTrace: Bool { [.bertAttentionRow, .bertFeedForward, .bertPooling, .bertResidual].contains(self) }
}
