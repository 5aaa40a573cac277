import Plot
import StepwiseRender
import StepwiseTrace

/// A `stepwise-table`: parameter rows (before, gradient, after) and op rows (value, gradient),
/// one row per element, each named in a reader's words counted from 1 ("z, net input of output
/// neuron 1, example 4"). The trace's scope and 0-based index stay available as the row's
/// `title` tooltip and in the caption's small "trace: …" line, for readers who use the tool.
struct ValueTable {
    let directive: TableDirective
    let traced: TracedSpec

    func render() throws -> Node<HTML.BodyContext> {
        let step = try traced.step(directive.source)
        let labels = ReaderLabel(traced.trace.architecture)
        let format = { (value: Double) in NumberFormat.format(value, digits: directive.digits) }
        var rows: [Node<HTML.TableContext>] = []
        for name in directive.params {
            guard let param = step.params[name] else {
                throw directive.source.error("the trace of \"\(Excerpt(directive.source.spec))\" has no parameter \"\(Excerpt(name))\" (it has: \(step.params.keys.sorted().joined(separator: ", ")))")
            }
            for flat in 0..<param.before.data.count {
                let index = ReaderLabel.indices(flat, param.before.shape)
                rows.append(.tr(.td(.escaped("title", Self.traceName(name, index)), .literal(labels.parameter(name, index: index))),
                                .td(.text(format(param.before.data[flat]))), .td(.text(format(param.grad.data[flat]))),
                                .td(.text(format(param.after.data[flat])))))
            }
        }
        var opRows: [Node<HTML.TableContext>] = []
        for scope in directive.scopes {
            let record = try traced.op(scope, in: step, directive.source)
            for flat in 0..<record.value.data.count {
                let index = ReaderLabel.indices(flat, record.value.shape)
                opRows.append(.tr(.td(.escaped("title", Self.traceName(scope, index)),
                                      .literal(labels.element(scope, index: index, shape: record.value.shape))),
                                  .td(.text(format(record.value.data[flat]))),
                                  .td(.text(record.grad.map { format($0.data[flat]) } ?? "—"))))
            }
        }
        let stepWords = "training step \(directive.source.step)"
        var tables: [Node<HTML.BodyContext>] = []
        if !rows.isEmpty {
            tables.append(.table(.class("values"),
                                 .caption(.text("Parameters before and after \(stepWords), with their gradients"),
                                          Self.traceLine(directive.source.spec, directive.params)),
                                 .thead(.tr(.th("parameter"), .th("before"), .th("∂L/∂parameter"), .th("after"))),
                                 .tbody(.group(rows))))
        }
        if !opRows.isEmpty {
            tables.append(.table(.class("values"),
                                 .caption(.text("Values in \(stepWords): forward value and gradient of each"),
                                          Self.traceLine(directive.source.spec, directive.scopes)),
                                 .thead(.tr(.th("value"), .th("forward"), .th("∂L/∂value"))),
                                 .tbody(.group(opRows))))
        }
        return .div(.class("table-scroll"), .group(tables))
    }

    /// The small secondary line naming the run and the scopes as the trace writes them.
    static func traceLine(_ spec: String, _ names: [String]) -> Node<HTML.BodyContext> {
        .span(.class("trace"), .literal("trace: \(spec) · \(names.joined(separator: ", "))"))
    }

    /// `output/bias_add[3, 0]`: the scope and 0-based index as the trace and `stepwise render`
    /// name the element.
    static func traceName(_ scope: String, _ index: [Int]) -> String {
        "trace: " + scope + (index.isEmpty ? "" : "[" + index.map(String.init).joined(separator: ", ") + "]")
    }
}
