import Plot
import StepwiseTrace

/// A `stepwise-table`: parameter rows (before, gradient, after) and op rows (value, gradient),
/// one row per element, indices written as the tensor's coordinates.
struct ValueTable {
    let directive: TableDirective
    let traced: TracedSpec

    func render() throws -> Node<HTML.BodyContext> {
        let step = try traced.step(directive.source)
        let format = { (value: Double) in NumberFormat.format(value, digits: directive.digits) }
        var rows: [Node<HTML.TableContext>] = []
        for name in directive.params {
            guard let param = step.params[name] else {
                throw directive.source.error("the trace of \"\(Excerpt(directive.source.spec))\" has no parameter \"\(Excerpt(name))\" (it has: \(step.params.keys.sorted().joined(separator: ", ")))")
            }
            for index in 0..<param.before.data.count {
                rows.append(.tr(.td(.text(name + Self.coordinates(index, param.before.shape))),
                                .td(.text(format(param.before.data[index]))), .td(.text(format(param.grad.data[index]))),
                                .td(.text(format(param.after.data[index])))))
            }
        }
        var opRows: [Node<HTML.TableContext>] = []
        for scope in directive.scopes {
            let record = try traced.op(scope, in: step, directive.source)
            for index in 0..<record.value.data.count {
                opRows.append(.tr(.td(.text(scope + Self.coordinates(index, record.value.shape))),
                                  .td(.text(format(record.value.data[index]))),
                                  .td(.text(record.grad.map { format($0.data[index]) } ?? "—"))))
            }
        }
        var tables: [Node<HTML.BodyContext>] = []
        if !rows.isEmpty {
            tables.append(.table(.class("values"),
                                 .caption(.text("Parameters at step \(directive.source.step) of \(directive.source.spec)")),
                                 .thead(.tr(.th("parameter"), .th("before"), .th("∂L/∂w"), .th("after"))),
                                 .tbody(.group(rows))))
        }
        if !opRows.isEmpty {
            tables.append(.table(.class("values"),
                                 .caption(.text("Values at step \(directive.source.step) of \(directive.source.spec)")),
                                 .thead(.tr(.th("value"), .th("forward"), .th("∂L/∂value"))),
                                 .tbody(.group(opRows))))
        }
        return .div(.class("table-scroll"), .group(tables))
    }

    /// `[0, 1]` for flat index 1 of shape [2, 2]; "" for a scalar.
    static func coordinates(_ flat: Int, _ shape: [Int]) -> String {
        guard !shape.isEmpty else { return "" }
        var remainder = flat
        var result = [Int](repeating: 0, count: shape.count)
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            result[axis] = remainder % shape[axis]
            remainder /= shape[axis]
        }
        return "[" + result.map(String.init).joined(separator: ", ") + "]"
    }
}
