import Plot
import StepwiseRender
import StepwiseTrace
import StepwiseWords

/// A `stepwise-table`: parameter rows (before, gradient, after) and op rows (value, gradient),
/// one row per element, each named in a reader's words counted from 1 ("z, net input of output
/// neuron 1, example 4"). The trace's scope and 0-based index stay available as the row's
/// `title` tooltip and in the caption's small "trace: …" line, for readers who use the tool.
struct ValueTable {
    let directive: TableDirective
    let traced: TracedSpec
    /// The edition whose words it writes.
    var edition: Edition = .en

    func render() throws -> Node<HTML.BodyContext> {
        let step = try traced.step(directive.source)
        let labels = ReaderLabel(traced.trace.architecture, edition: edition)
        let format = { (value: Double) in NumberFormat.format(value, digits: directive.digits) }
        var rows: [Node<HTML.TableContext>] = []
        for name in directive.params {
            guard let param = step.params[name] else {
                throw directive.source.error("the trace of \"\(Excerpt(directive.source.spec))\" has no parameter \"\(Excerpt(name))\" (it has: \(step.params.keys.sorted().joined(separator: ", ")))")
            }
            for flat in Self.order(param.before.shape, byFilter: directive.groupByFilter) {
                let index = ReaderLabel.indices(flat, param.before.shape)
                rows.append(.tr(.td(.escaped("title", Self.traceName(name, index, edition)), .literal(labels.parameter(name, index: index))),
                                .td(.text(format(param.before.data[flat]))), .td(.text(format(param.grad.data[flat]))),
                                .td(.text(format(param.after.data[flat])))))
            }
        }
        var opRows: [Node<HTML.TableContext>] = []
        if directive.sideBySide { return try sideBySide(step, labels: labels, format: format) }
        for scope in directive.scopes {
            let record = try traced.op(scope, in: step, directive.source)
            for flat in 0..<record.value.data.count {
                let index = ReaderLabel.indices(flat, record.value.shape)
                opRows.append(.tr(.td(.escaped("title", Self.traceName(scope, index, edition)),
                                      .literal(labels.element(scope, index: index, shape: record.value.shape))),
                                  .td(.text(format(record.value.data[flat]))),
                                  .td(.text(record.grad.map { format($0.data[flat]) } ?? "—"))))
            }
        }
        let stepNumber = ["step": String(directive.source.step)]
        var tables: [Node<HTML.BodyContext>] = []
        if !rows.isEmpty {
            tables.append(.table(.class("values"),
                                 .caption(.text(TableWords.parametersCaption(edition, stepNumber)),
                                          Self.traceLine(directive.source.spec, directive.params, edition)),
                                 .thead(.tr(.th(.text(TableWords.parameterHeader(edition))), .th(.text(CommonWords.before(edition))),
                                            .th(.text(TableWords.gradientOfParameter(edition))), .th(.text(CommonWords.after(edition))))),
                                 .tbody(.group(rows))))
        }
        if !opRows.isEmpty {
            tables.append(.table(.class("values"),
                                 .caption(.text(TableWords.valuesCaption(edition, stepNumber)),
                                          Self.traceLine(directive.source.spec, directive.scopes, edition)),
                                 .thead(.tr(.th(.text(TableWords.valueHeader(edition))), .th(.text(TableWords.forwardHeader(edition))),
                                            .th(.text(TableWords.gradientOfValue(edition))))),
                                 .tbody(.group(opRows))))
        }
        return .div(.class("table-scroll"), .group(tables))
    }

    /// The flat indices of a tensor in table order: as stored, or for a conv kernel
    /// `[kh, kw, in, filters]` grouped by filter (filter 1's kh·kw·in weights, then filter 2's).
    static func order(_ shape: [Int], byFilter: Bool) -> [Int] {
        let count = shape.reduce(1, *)
        guard byFilter, shape.count == 4, let filters = shape.last, filters > 0 else { return Array(0..<count) }
        return (0..<filters).flatMap { f in stride(from: f, to: count, by: filters) }
    }

    /// Scopes of shape [batch, 1] in columns, one row per example: a prediction next to its target.
    private func sideBySide(_ step: TraceStep, labels: ReaderLabel, format: (Double) -> String) throws -> Node<HTML.BodyContext> {
        let records = try directive.scopes.map { try traced.op($0, in: step, directive.source) }
        let batch = records[0].value.shape.first ?? 0
        for record in records where record.value.shape != [batch, 1] {
            throw directive.source.error("layout: side-by-side needs scopes of one shape [examples, 1]; \(record.scope) has \(record.value.shape)")
        }
        let rows: [Node<HTML.TableContext>] = (0..<batch).map { b in
            .tr(.group([.td(.escaped("title", records.map { Self.traceName($0.scope, [b, 0], edition) }.joined(separator: ", ")),
                              .text(CommonWords.exampleNumber(edition, ["n": String(b + 1)])))]
                       + records.map { .td(.text(format($0.value.data[b]))) }))
        }
        return .div(.class("table-scroll"), .table(.class("values"),
            .caption(.text(TableWords.sideBySideCaption(edition, ["step": String(directive.source.step)])),
                     Self.traceLine(directive.source.spec, directive.scopes, edition)),
            .thead(.tr(.group([.th(.text(CommonWords.example(edition)))] + directive.scopes.map { .th(.literal(labels.quantity($0))) }))),
            .tbody(.group(rows))))
    }

    /// The small secondary line naming the run and the scopes as the trace writes them.
    static func traceLine(_ spec: String, _ names: [String], _ edition: Edition = .en) -> Node<HTML.BodyContext> {
        .span(.class("trace"), .literal(TableWords.traceLine(edition, ["spec": spec, "names": names.joined(separator: ", ")])))
    }

    /// `output/bias_add[3, 0]`: the scope and 0-based index as the trace and `stepwise render`
    /// name the element.
    static func traceName(_ scope: String, _ index: [Int], _ edition: Edition = .en) -> String {
        TableWords.traceName(edition, ["name": scope + (index.isEmpty ? "" : "[" + index.map(String.init).joined(separator: ", ") + "]")])
    }
}
