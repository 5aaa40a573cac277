import Foundation
import Plot
import StepwiseEngine
import StepwiseLessons
import StepwiseRender
import StepwiseTrace

/// The report's one page, in the lesson site's page template and stepper (names from the spec
/// reach it only through `EscapedHTML`'s functions; the stylesheet is inlined so the page works
/// alone, offline).
struct ReportPage {
    let request: ReportRequest
    let summary: ModelSummary
    let metrics: TrainingMetrics
    let tables: [PlacedFigure]
    let charts: [PlacedFigure]
    let gradientChart: PlacedFigure?
    let sections: [StepFigures]
    let totalSteps: Int
    let nonFinite: NonFiniteValue?
    let traceBytes: Int

    /// The site's stylesheet without the math font (a report has no MathML), plus the report's
    /// few rules.
    static let style = SiteAssets.stylesheet.split(separator: "\n").filter { !$0.hasPrefix("@font-face") }.joined(separator: "\n") + "\n" + """
        @media screen { main { max-width: 72rem; } }
        .alert { background: #fdf0e6; border-left: 4px solid #d55e00; padding: 0.4rem 1rem; margin: 1rem 0; }
        .figure-problem { color: #8a3a00; font-size: 0.92rem; }
        pre.command { background: var(--tint); border-radius: 4px; padding: 0.6rem 0.9rem; overflow-x: auto; font-size: 0.85rem; }
        pre.command code { font-family: "DejaVu Sans Mono", monospace; }
        h4.layer { font-size: 1rem; margin: 1.6rem 0 0.3rem; border-bottom: 1px solid var(--rule); }
        table.values tfoot td { border-bottom: none; color: var(--muted); }
        table.model-summary td:nth-child(2), table.model-summary th:nth-child(2) { text-align: left; }
        table.settings th { font-family: inherit; font-size: inherit; text-align: left; }
        table.settings td { text-align: left; }
        details { margin: 0.5rem 0 1rem; }
        details summary { cursor: pointer; color: var(--accent); }
        """

    private var model: String { request.spec.name }
    private var recorded: Int { metrics.steps.count }

    func html() -> String {
        var body: [Node<HTML.BodyContext>] = [
            .h1(.id("top"), .literal("Report: \(model)")),
            .p(.class("summary"), .literal(introduction)),
        ]
        if let nonFinite {
            body.append(.div(.class("alert"), .attribute(named: "role", value: "alert"),
                             .p(.strong(.text("The run diverged. ")),
                                .literal("\(Self.sentence(nonFinite, labels: ReaderLabel(metrics.architecture))) Training stopped after that step; this report covers the steps up to and including it."))))
        }
        let stepsTitle = "Layer by layer, step by step"
        body.append(.nav(.class("toc"), .h2(.text("Contents")), .ol(
            .li(.a(.href("#model"), .text("Model"))),
            .li(.a(.href("#training"), .text("Training"))),
            .li(.a(.href("#gradient-flow"), .text("Gradient flow"))),
            .li(.a(.href("#steps"), .text(stepsTitle))),
            .li(.a(.href("#reproduce"), .text("Reproduce"))))))
        body += modelSection()
        body += trainingSection()
        body += gradientSection()
        body.append(stepsSection(title: stepsTitle))
        body += reproduceSection()
        return PageTemplate.page(title: "Report: \(model) — Stepwise", assetPrefix: "", home: "#top", body: body,
                                 hasStepper: sections.count > 1, inlineStyle: Self.style)
    }

    private var introduction: String {
        let figured = sections.count == recorded ? "every recorded step" : "\(sections.count) of the \(recorded) recorded steps"
        let ran = nonFinite.map { "\(Self.plural($0.step, "training step")) (of \(totalSteps) planned; it diverged)" } ?? Self.plural(totalSteps, "training step")
        return "What \(model) computed in \(ran) (\(request.spec.loss.rawValue), \(request.spec.optimizer.type)), recorded \(recording): "
            + "the model, the loss, the gradient reaching each layer, and each layer at \(figured). Every number comes from the trace beside this page."
    }

    /// "at every step" or "every 10 steps, with the first and the last".
    private var recording: String {
        request.every == 1 ? "at every step" : "every \(request.every) steps, with the first and the last"
    }

    /// "In training step 2 the first non-finite value … appeared in the forward value of (ŷ − t)²,
    /// squared error of the output layer (trace: loss/squared_error)."
    static func sentence(_ nonFinite: NonFiniteValue, labels: ReaderLabel) -> String {
        let what: String
        switch nonFinite.phase {
        case .forward: what = "the forward value of"
        case .backward: what = "the gradient of"
        case .update: what = "the update of"
        }
        return "In training step \(nonFinite.step) the first non-finite value (NaN or infinity) appeared in \(what) \(labels.quantity(nonFinite.scope)) (trace: \(nonFinite.scope))."
    }

    static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    static func number(_ value: Double) -> String { NumberFormat.compact(value, digits: 6) }

    // MARK: Sections

    private func modelSection() -> [Node<HTML.BodyContext>] {
        let spec = request.spec
        let settings: [(String, String)] = [
            ("Input", "\(Self.shape(spec.inputShape)) per sample" + (spec.integerInputs ? " (token ids)" : "")),
            ("Loss", spec.loss.rawValue),
            ("Optimizer", Self.optimizer(spec.optimizer)),
            ("Data", "\(Self.plural(spec.dataset.sampleCount, "sample")): inputs \(Self.shape(spec.dataset.inputs.shape)), targets \(Self.shape(spec.dataset.targets.shape))"),
            ("Training", Self.training(spec, steps: totalSteps)),
            ("Recorded", "\(Self.plural(recorded, "step")), \(recording); figures for \(sections.count)"),
        ]
        var nodes: [Node<HTML.BodyContext>] = [
            .h2(.id("model"), .text("Model")),
            summary.table(caption: "Model: \"\(model)\", as Keras's model.summary() lists it (float64 parameters)"),
            .div(.class("table-scroll"), .table(.class("values settings"),
                                                .tbody(.forEach(settings) { .tr(.th(.literal($0.0)), .td(.literal($0.1))) }))),
        ]
        nodes += tables.map(Self.figure)
        return nodes
    }

    private func trainingSection() -> [Node<HTML.BodyContext>] {
        var nodes: [Node<HTML.BodyContext>] = [.h2(.id("training"), .text("Training"))]
        let first = metrics.losses.first ?? .nan
        let last = metrics.losses.last ?? .nan
        if recorded >= 2 {
            nodes.append(.p(.text("The loss went from \(Self.number(first)) at step \(metrics.steps.first!) to \(Self.number(last)) at step \(metrics.steps.last!)"
                                  + (metrics.isClassification ? "; the accuracy is measured on each step's batch, from the traced outputs and targets, before the step's update." : "."))))
            nodes += charts.map(Self.figure)
        } else {
            nodes.append(.p(.text("One recorded step: the loss was \(Self.number(first))"
                                  + (metrics.accuracies.first.flatMap { $0 }.map { " and the accuracy on the batch \(Self.number($0))" } ?? "") + ".")))
        }
        let hasAccuracy = metrics.accuracies.contains { $0 != nil }
        var header: [Node<HTML.TableRowContext>] = [.th("step"), .th("loss")]
        if hasAccuracy { header.append(.th("accuracy")) }
        let rows: [Node<HTML.TableContext>] = metrics.steps.indices.map { index in
            var cells: [Node<HTML.TableRowContext>] = [.td(.text(String(metrics.steps[index]))), .td(.text(Self.number(metrics.losses[index])))]
            if hasAccuracy { cells.append(.td(.text(metrics.accuracies[index].map { Self.number($0) } ?? "—"))) }
            return .tr(.group(cells))
        }
        nodes.append(.element(named: "details", nodes: [
            .element(named: "summary", nodes: [.text("The numbers of the \(Self.plural(recorded, "recorded step"))")]),
            .div(.class("table-scroll"), .table(.class("values"), .thead(.tr(.group(header))), .tbody(.group(rows)))),
        ]))
        return nodes
    }

    private func gradientSection() -> [Node<HTML.BodyContext>] {
        var nodes: [Node<HTML.BodyContext>] = [
            .h2(.id("gradient-flow"), .text("Gradient flow")),
            .p(.text("The size of the gradient each layer's parameters receive: the L2 norm ‖∂L/∂W‖ over all of a layer's parameters. "
                     + "A layer whose norm is orders of magnitude below the others learns little (vanishing gradients); one that grows "
                     + "from step to step is exploding.")),
        ]
        if let nonFinite { nodes.append(.p(.class("alert"), .literal(Self.sentence(nonFinite, labels: ReaderLabel(metrics.architecture))))) }
        guard !metrics.layers.isEmpty else {
            nodes.append(.p(.text("The model has no parameters.")))
            return nodes
        }
        if let gradientChart { nodes.append(Self.figure(gradientChart)) }
        let columns = recorded >= 2 ? [0, recorded - 1] : [0]
        let header: [Node<HTML.TableRowContext>] = [.th("layer")] + columns.map { .th(.text("‖∂L/∂W‖ at step \(metrics.steps[$0])")) }
        let rows: [Node<HTML.TableContext>] = metrics.layers.map { layer in
            let norms = metrics.gradientNorms[layer] ?? []
            return .tr(.group([Node<HTML.TableRowContext>.td(.literal(layer))] + columns.map { .td(.text(Self.number(norms[$0]))) }))
        }
        nodes.append(.div(.class("table-scroll"), .table(.class("values"), .thead(.tr(.group(header))), .tbody(.group(rows)))))
        return nodes
    }

    private func stepsSection(title: String) -> Node<HTML.BodyContext> {
        let note = sections.count < recorded
            ? "Figures for \(sections.count) of the \(recorded) recorded steps, evenly spaced with the first and the last\(nonFinite == nil ? "" : " and the step that diverged"); the trace holds every recorded step. "
            : ""
        let intro: Node<HTML.BodyContext> = .p(.text(note + "Each layer's figure shows its forward pass and the gradient flowing back at that step; "
                                                   + "the update figures show each parameter before the step, its gradient, after the update, and the change. "
                                                   + "Big layers show their first units, channels or heads, as each caption says."))
        func body(_ section: StepFigures) -> [Node<HTML.BodyContext>] {
            var nodes: [Node<HTML.BodyContext>] = [.p(.text("The loss of this step's batch, before its update: \(Self.number(section.loss))."))]
            for group in section.groups {
                nodes.append(.h4(.class("layer"), .literal(group.heading)))
                nodes += group.figures.map(Self.figure)
            }
            return nodes
        }
        guard sections.count > 1 else {
            return .section(.id("steps"), .h2(.text(title)), intro,
                            .group(sections.first.map { [.h3(.text("Training step \($0.step)"))] + body($0) } ?? []))
        }
        let items = sections.enumerated().map { index, section in
            StepperMarkup.item(number: index + 1, of: sections.count, title: "training step \(section.step), loss \(Self.number(section.loss))",
                               body: body(section))
        }
        return StepperMarkup.section(id: "steps", title: title, intro: [intro], items: items)
    }

    private func reproduceSection() -> [Node<HTML.BodyContext>] {
        let trace = request.traceFileName
        return [
            .h2(.id("reproduce"), .text("Reproduce")),
            .p(.text("Every number and figure here comes from the trace "), .a(.escapedPath("href", trace), .literal(trace)),
               .text(" (\(Self.bytes(traceBytes)), every op of each recorded step; its format is docs/trace-format.md). This report was made by")),
            .pre(.class("command"), .code(.literal(request.reportCommand))),
            .p(.text("and the same trace, byte for byte, by")),
            .pre(.class("command"), .code(.literal(request.traceCommand))),
            .p(.class("summary"), .text("Stepwise \(StepwiseVersion.string). The same spec and command give the same bytes.")),
        ]
    }

    // MARK: Pieces

    /// A figure with its caption: the short title, then what was sampled; the renderer's full
    /// description is the image's alt text. A figure that could not be drawn says why.
    static func figure(_ placed: PlacedFigure) -> Node<HTML.BodyContext> {
        guard let source = placed.source else {
            return .p(.class("figure-problem"), .literal("\(placed.title): not drawn (\(placed.problem ?? "unknown problem"))."))
        }
        let caption = placed.title + (placed.sampled.map { ". Shown: \($0)." } ?? ".")
        return FigureHTML.figure(src: source, alt: placed.description.isEmpty ? caption : placed.description,
                                 width: placed.width, height: placed.height, smallestText: placed.smallestText, link: nil,
                                 caption: [.literal(caption)])
    }

    static func shape(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    static func bytes(_ count: Int) -> String {
        if count < 1024 { return "\(count) bytes" }
        if count < 1024 * 1024 { return String(format: "%.1f KB", Double(count) / 1024) }
        return String(format: "%.1f MB", Double(count) / (1024 * 1024))
    }

    static func optimizer(_ optimizer: OptimizerSpec) -> String {
        switch optimizer {
        case .sgd(let learningRate, let momentum, let nesterov):
            var text = "sgd, learning_rate \(number(learningRate))"
            if momentum != 0 { text += ", momentum \(number(momentum))" + (nesterov ? ", Nesterov" : "") }
            return text
        case .adam(let learningRate, let beta1, let beta2, let epsilon):
            return "adam, learning_rate \(number(learningRate)), beta_1 \(number(beta1)), beta_2 \(number(beta2)), epsilon \(number(epsilon))"
        }
    }

    static func training(_ spec: ModelSpec, steps: Int) -> String {
        let samples = spec.dataset.sampleCount
        let batch = min(spec.plan.batchSize ?? samples, samples)
        return "\(plural(steps, "step")), batches of \(batch)" + (batch == samples ? " (the whole data set)" : "")
            + (spec.plan.shuffle ? ", shuffled each epoch" : "") + ", seed \(spec.seed)"
    }
}
