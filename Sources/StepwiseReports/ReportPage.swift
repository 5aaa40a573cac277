import Foundation
import Plot
import StepwiseEngine
import StepwiseLessons
import StepwiseRender
import StepwiseTrace
import StepwiseWords

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
    private var edition: Edition { request.edition }
    private var labels: ReaderLabel { ReaderLabel(metrics.architecture, edition: edition) }

    func html() -> String {
        var body: [Node<HTML.BodyContext>] = [
            .h1(.id("top"), .literal(ReportWords.pageHeading(edition, ["model": model]))),
            .p(.class("summary"), .literal(introduction)),
        ]
        if let nonFinite {
            body.append(.div(.class("alert"), .attribute(named: "role", value: "alert"),
                             .p(.strong(.text(ReportWords.diverged(edition))),
                                .literal(ReportWords.divergedStopped(edition, ["sentence": Self.sentence(nonFinite, labels: labels)])))))
        }
        let stepsTitle = ReportWords.stepByStep(edition)
        body.append(.nav(.class("toc"), .h2(.text(ReportWords.contents(edition))), .ol(
            .li(.a(.href("#model"), .text(ReportWords.model(edition)))),
            .li(.a(.href("#training"), .text(ReportWords.training(edition)))),
            .li(.a(.href("#gradient-flow"), .text(ReportWords.gradientFlow(edition)))),
            .li(.a(.href("#steps"), .text(stepsTitle))),
            .li(.a(.href("#reproduce"), .text(ReportWords.reproduce(edition)))))))
        body += modelSection()
        body += trainingSection()
        body += gradientSection()
        body.append(stepsSection(title: stepsTitle))
        body += reproduceSection()
        return PageTemplate.page(title: ReportWords.pageTitle(edition, ["model": model]), assetPrefix: "", home: "#top", body: body,
                                 hasStepper: sections.count > 1, inlineStyle: Self.style)
    }

    private var introduction: String {
        let figured = sections.count == recorded
            ? ReportWords.figuredAll(edition)
            : ReportWords.figuredSome(edition, ["n": String(sections.count), "total": String(recorded)])
        let ran = Self.count(nonFinite?.step ?? totalSteps, one: .ranOne, many: .ran, edition)
        return ReportWords.introduction(edition, [
            "model": model,
            "ran": nonFinite == nil ? ran : ReportWords.ranDiverged(edition, ["ran": ran, "total": String(totalSteps)]),
            "loss": Self.loss(request.spec.loss, edition), "optimizer": Self.optimizerName(request.spec.optimizer.type, edition),
            "recording": Self.recording(every: request.every, edition), "figured": figured,
        ])
    }

    /// "at every step" or "every 10 steps, with the first and the last".
    static func recording(every: Int, _ edition: Edition) -> String {
        every == 1 ? ReportWords.recordedEveryStep(edition) : ReportWords.recordedEvery(edition, ["k": String(every)])
    }

    /// "In training step 2 the first non-finite value … appeared in the forward value of (ŷ − t)²,
    /// squared error of the output layer (trace: loss/squared_error)."
    static func sentence(_ nonFinite: NonFiniteValue, labels: ReaderLabel) -> String {
        ReportWords.nonFinite(labels.edition, ["step": String(nonFinite.step), "what": phase(nonFinite.phase, labels.edition),
                                               "quantity": labels.quantity(nonFinite.scope), "scope": nonFinite.scope])
    }

    /// "forward value", "gradient" or "update": where a non-finite value appeared.
    static func phase(_ phase: NonFiniteValue.Phase, _ edition: Edition) -> String {
        switch phase {
        case .forward: return ReportWords.forwardValue(edition)
        case .backward: return ReportWords.gradientOf(edition)
        case .update: return ReportWords.updateOf(edition)
        }
    }

    /// "1 training step", "3 training steps": `count` with the English noun of `one` or `many`.
    static func count(_ count: Int, one: ReportWords, many: ReportWords, _ edition: Edition) -> String {
        (count == 1 ? one : many)(edition, ["n": String(count)])
    }

    static func number(_ value: Double) -> String { NumberFormat.compact(value, digits: 6) }

    // MARK: Sections

    private func modelSection() -> [Node<HTML.BodyContext>] {
        let spec = request.spec
        let data = ReportWords.dataShapes(edition, [
            "samples": Self.count(spec.dataset.sampleCount, one: .samplesOne, many: .samples, edition),
            "inputs": Self.shape(spec.dataset.inputs.shape), "targets": Self.shape(spec.dataset.targets.shape),
        ])
        let recordedWords = ReportWords.recordedSteps(edition, [
            "steps": Self.count(recorded, one: .stepsOne, many: .steps, edition), "recording": Self.recording(every: request.every, edition),
            "figured": String(sections.count),
        ])
        let settings: [(String, String)] = [
            (ReportWords.settingInput(edition), ReportWords.inputPerSample(edition, ["shape": Self.shape(spec.inputShape)])
                + (spec.integerInputs ? ReportWords.tokenIds(edition) : "")),
            (ReportWords.settingLoss(edition), Self.loss(spec.loss, edition)),
            (ReportWords.settingOptimizer(edition), Self.optimizer(spec.optimizer, edition)),
            (ReportWords.settingData(edition), data),
            (ReportWords.settingTraining(edition), Self.training(spec, steps: totalSteps, edition)),
            (ReportWords.settingRecorded(edition), recordedWords),
        ]
        var nodes: [Node<HTML.BodyContext>] = [
            .h2(.id("model"), .text(ReportWords.model(edition))),
            summary.table(caption: ModelSummary.caption(model: model, edition: edition), edition: edition),
            .div(.class("table-scroll"), .table(.class("values settings"),
                                                .tbody(.forEach(settings) { .tr(.th(.literal($0.0)), .td(.literal($0.1))) }))),
        ]
        nodes += tables.map { Self.figure($0, edition) }
        return nodes
    }

    private func trainingSection() -> [Node<HTML.BodyContext>] {
        var nodes: [Node<HTML.BodyContext>] = [.h2(.id("training"), .text(ReportWords.training(edition)))]
        let first = metrics.losses.first ?? .nan
        let last = metrics.losses.last ?? .nan
        if recorded >= 2 {
            let went = ReportWords.lossWent(edition, ["first": Self.number(first), "firstStep": String(metrics.steps.first!),
                                                      "last": Self.number(last), "lastStep": String(metrics.steps.last!)])
            nodes.append(.p(.text(went + (metrics.isClassification ? ReportWords.accuracyMeasured(edition) : ReportWords.sentenceEnd(edition)))))
            nodes += charts.map { Self.figure($0, edition) }
        } else {
            let accuracy = metrics.accuracies.first.flatMap { $0 }.map { ReportWords.oneStepAccuracy(edition, ["accuracy": Self.number($0)]) }
            nodes.append(.p(.text(ReportWords.oneStep(edition, ["loss": Self.number(first)]) + (accuracy ?? "") + ReportWords.sentenceEnd(edition))))
        }
        let hasAccuracy = metrics.accuracies.contains { $0 != nil }
        var header: [Node<HTML.TableRowContext>] = [.th(.text(CommonWords.step(edition))), .th(.text(CommonWords.loss(edition)))]
        if hasAccuracy { header.append(.th(.text(CommonWords.accuracy(edition)))) }
        let rows: [Node<HTML.TableContext>] = metrics.steps.indices.map { index in
            var cells: [Node<HTML.TableRowContext>] = [.td(.text(String(metrics.steps[index]))), .td(.text(Self.number(metrics.losses[index])))]
            if hasAccuracy { cells.append(.td(.text(metrics.accuracies[index].map { Self.number($0) } ?? ReportWords.missing(edition)))) }
            return .tr(.group(cells))
        }
        nodes.append(.element(named: "details", nodes: [
            .element(named: "summary", nodes: [.text(Self.count(recorded, one: .numbersOfStepsOne, many: .numbersOfSteps, edition))]),
            .div(.class("table-scroll"), .table(.class("values"), .thead(.tr(.group(header))), .tbody(.group(rows)))),
        ]))
        return nodes
    }

    private func gradientSection() -> [Node<HTML.BodyContext>] {
        var nodes: [Node<HTML.BodyContext>] = [
            .h2(.id("gradient-flow"), .text(ReportWords.gradientFlow(edition))),
            .p(.text(ReportWords.gradientExplained(edition))),
        ]
        if let nonFinite { nodes.append(.p(.class("alert"), .literal(Self.sentence(nonFinite, labels: labels)))) }
        guard !metrics.layers.isEmpty else {
            nodes.append(.p(.text(ReportWords.noParameters(edition))))
            return nodes
        }
        if let gradientChart { nodes.append(Self.figure(gradientChart, edition)) }
        let columns = recorded >= 2 ? [0, recorded - 1] : [0]
        let header: [Node<HTML.TableRowContext>] = [.th(.text(CommonWords.layer(edition)))]
            + columns.map { .th(.text(ReportWords.normAtStep(edition, ["step": String(metrics.steps[$0])]))) }
        let rows: [Node<HTML.TableContext>] = metrics.layers.map { layer in
            let norms = metrics.gradientNorms[layer] ?? []
            return .tr(.group([Node<HTML.TableRowContext>.td(.literal(layer))] + columns.map { .td(.text(Self.number(norms[$0]))) }))
        }
        nodes.append(.div(.class("table-scroll"), .table(.class("values"), .thead(.tr(.group(header))), .tbody(.group(rows)))))
        return nodes
    }

    private func stepsSection(title: String) -> Node<HTML.BodyContext> {
        let note = sections.count < recorded
            ? ReportWords.figuresForSome(edition, ["n": String(sections.count), "total": String(recorded),
                                                   "diverged": nonFinite == nil ? "" : ReportWords.andDivergedStep(edition)])
            : ""
        let intro: Node<HTML.BodyContext> = .p(.text(note + ReportWords.stepsExplained(edition)))
        func body(_ section: StepFigures) -> [Node<HTML.BodyContext>] {
            var nodes: [Node<HTML.BodyContext>] = [.p(.text(ReportWords.stepLoss(edition, ["loss": Self.number(section.loss)])))]
            for group in section.groups {
                nodes.append(.h4(.class("layer"), .literal(group.heading)))
                nodes += group.figures.map { Self.figure($0, edition) }
            }
            return nodes
        }
        guard sections.count > 1 else {
            return .section(.id("steps"), .h2(.text(title)), intro,
                            .group(sections.first.map { [.h3(.text(ReportWords.trainingStep(edition, ["step": String($0.step)])))] + body($0) } ?? []))
        }
        let items = sections.enumerated().map { index, section in
            StepperMarkup.item(number: index + 1, of: sections.count,
                               title: ReportWords.stepperTitle(edition, ["step": String(section.step), "loss": Self.number(section.loss)]),
                               body: body(section))
        }
        return StepperMarkup.section(id: "steps", title: title, intro: [intro], items: items)
    }

    private func reproduceSection() -> [Node<HTML.BodyContext>] {
        let trace = request.traceFileName
        return [
            .h2(.id("reproduce"), .text(ReportWords.reproduce(edition))),
            .p(.text(ReportWords.traceFrom(edition)), .a(.escapedPath("href", trace), .literal(trace)),
               .text(ReportWords.traceHolds(edition, ["bytes": Self.bytes(traceBytes, edition)]))),
            .pre(.class("command"), .code(.literal(request.reportCommand))),
            .p(.text(ReportWords.sameTraceBy(edition))),
            .pre(.class("command"), .code(.literal(request.traceCommand))),
            .p(.class("summary"), .text(ReportWords.sameBytes(edition, ["version": StepwiseVersion.string]))),
        ]
    }

    // MARK: Pieces

    /// A figure with its caption: the short title, then what was sampled; the renderer's full
    /// description is the image's alt text. A figure that could not be drawn says why.
    static func figure(_ placed: PlacedFigure, _ edition: Edition) -> Node<HTML.BodyContext> {
        guard let source = placed.source else {
            return .p(.class("figure-problem"), .literal(ReportWords.notDrawn(edition, ["title": placed.title, "problem": placed.problem ?? "unknown problem"])))
        }
        let caption = placed.sampled.map { ReportWords.shown(edition, ["title": placed.title, "sampled": $0]) }
            ?? ReportWords.captionEnd(edition, ["title": placed.title])
        return FigureHTML.figure(src: source, alt: placed.description.isEmpty ? caption : placed.description,
                                 width: placed.width, height: placed.height, smallestText: placed.smallestText, link: nil,
                                 caption: [.literal(caption)])
    }

    static func shape(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    static func bytes(_ count: Int, _ edition: Edition) -> String {
        if count < 1024 { return ReportWords.bytes(edition, ["n": String(count)]) }
        if count < 1024 * 1024 { return String(format: "%.1f KB", Double(count) / 1024) }
        return String(format: "%.1f MB", Double(count) / (1024 * 1024))
    }

    /// The spec's loss: its name in the spec (`binary_crossentropy`), or in Chinese its words.
    static func loss(_ loss: Loss, _ edition: Edition) -> String {
        switch loss {
        case .mse: return ReportWords.lossMSE(edition)
        case .binaryCrossentropy: return ReportWords.lossBinaryCrossentropy(edition)
        case .crossEntropy, .sparseCategoricalCrossentropy:
            return edition == .en ? loss.rawValue : ReportWords.lossCrossEntropy(edition)
        }
    }

    /// The optimizer's name: as the spec writes it (`sgd`), or in Chinese its usual name (`SGD`).
    static func optimizerName(_ type: String, _ edition: Edition) -> String {
        edition == .en ? type : ReaderLabel.optimizer(type)
    }

    static func optimizer(_ optimizer: OptimizerSpec, _ edition: Edition) -> String {
        switch optimizer {
        case .sgd(let learningRate, let momentum, let nesterov):
            var text = ReportWords.optimizerSGD(edition, ["rate": number(learningRate)])
            if momentum != 0 {
                text += ReportWords.optimizerMomentum(edition, ["momentum": number(momentum)]) + (nesterov ? ReportWords.nesterov(edition, ["name": "Nesterov"]) : "")
            }
            return text
        case .adam(let learningRate, let beta1, let beta2, let epsilon):
            return ReportWords.optimizerAdam(edition, ["rate": number(learningRate), "beta1": number(beta1), "beta2": number(beta2),
                                                       "epsilon": number(epsilon)])
        }
    }

    static func training(_ spec: ModelSpec, steps: Int, _ edition: Edition) -> String {
        let samples = spec.dataset.sampleCount
        let batch = min(spec.plan.batchSize ?? samples, samples)
        return ReportWords.batchesOf(edition, ["steps": count(steps, one: .stepsOne, many: .steps, edition), "batch": String(batch)])
            + (batch == samples ? ReportWords.wholeDataSet(edition) : "")
            + (spec.plan.shuffle ? ReportWords.shuffled(edition) : "") + ReportWords.seed(edition, ["seed": String(spec.seed)])
    }
}
