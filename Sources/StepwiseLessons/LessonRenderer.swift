import Foundation
import Ink
import Plot
import StepwiseEngine
import StepwiseMarkup
import StepwiseRender
import StepwiseTrace
import StepwiseWords

/// Turns one lesson's blocks into its body HTML and figure files: Markdown through Ink,
/// directives through walkthroughs, tables and the figure renderer.
struct LessonRenderer {
    let source: LessonSource
    let traces: TraceLibrary
    let figures: any FigureRendering
    /// Receives each figure file (name under `<id>/figures/`, bytes) as it is made.
    let writeFigure: (String, Data) throws -> Void
    /// A translation's page: the anchors of the English page in the order it made them
    /// (`Rendered.anchors`), which the translated headings, steppers and exercises take in the
    /// same order, so links and the language switch land on the same section; nil for English.
    var englishAnchors: [String]? = nil
    /// A translation's page: the English page's figures in order; a figure whose display list
    /// is the same in both editions is not drawn again (`FigureRendering.render(_:of:reusing:)`).
    var englishFigures: [RenderedFigure] = []

    /// A rendered lesson: its content, and what a translation's renderer reuses.
    struct Rendered {
        let content: LessonContent
        /// Every anchor the page made, in order.
        let anchors: [String]
        /// Every figure of the page, in order.
        let figures: [RenderedFigure]
    }

    /// The edition the page is written in.
    private var edition: Edition { source.edition }

    private final class State {
        var toc: [LessonContent.TocEntry] = []
        var anchors: Set<String> = [SpecPublishing.anchor]  // the published specs section ends every page
        var anchorOrder: [String] = []
        var figureNames: [String] = []
        var rendered: [RenderedFigure] = []
        var exerciseCount = 0
        let englishAnchors: [String]?

        init(englishAnchors: [String]?) {
            self.englishAnchors = englishAnchors
        }

        /// A new anchor made from `base`, unique on the page; a translation takes the English
        /// page's anchor at the same position instead.
        func anchor(_ base: String) -> String {
            let anchor: String
            if let englishAnchors, anchorOrder.count < englishAnchors.count {
                anchor = englishAnchors[anchorOrder.count]
                anchors.insert(anchor)
            } else {
                anchor = LessonRenderer.uniqueAnchor(base, in: &anchors)
            }
            anchorOrder.append(anchor)
            return anchor
        }
    }

    /// What each of the lesson's specs must keep: every op of the steps its directives name
    /// (loss and accuracy charts need none).
    private var plans: [String: RecordingPlan] {
        var plans: [String: RecordingPlan] = [:]
        for (name, options) in source.specOptions { plans[name] = RecordingPlan(every: options.every) }
        func visit(_ directive: Directive) {
            switch directive {
            case .figure(let figure):
                // Loss and accuracy charts read each kept step's loss and parameters only.
                if FigureDirective.summaryKinds.contains(figure.kind) {
                    for run in figure.runs.map(\.spec) + [figure.source.spec] where plans[run] == nil { plans[run] = RecordingPlan() }
                } else {
                    // Every run of a multi-run figure (gradient-through-time) is drawn at the step.
                    for run in Set(figure.runs.map(\.spec) + [figure.source.spec]) {
                        plans[run, default: RecordingPlan()].opsSteps.insert(figure.source.step)
                    }
                }
            case .walkthrough(let walkthrough): plans[walkthrough.source.spec, default: RecordingPlan()].opsSteps.insert(walkthrough.source.step)
            case .table(let table): plans[table.source.spec, default: RecordingPlan()].opsSteps.insert(table.source.step)
            case .stepper(let stepper): stepper.steps.flatMap(\.contents).forEach(visit)
            case .summary: break  // step 1's parameters, which every plan keeps
            case .exercise(let exercise):
                // Every step an exercise reads keeps its ops (a small price: a few steps).
                let steps = ([exercise.answer] + exercise.given.map(\.quantity)).compactMap(\.step)
                for step in steps { plans[exercise.source.spec, default: RecordingPlan()].opsSteps.insert(step) }
                if let worked = exercise.worked { visit(.walkthrough(worked)) }
            case .tokens: break  // a BERT spec's tokenizer, no trace
            case .outline: break  // no spec
            case .glossary: break  // no spec
            }
        }
        for case .directive(let directive) in source.blocks { visit(directive) }
        return plans
    }

    func render() throws -> LessonContent {
        try renderPage().content
    }

    /// The page's content, with what a translation's renderer reuses.
    func renderPage() throws -> Rendered {
        let state = State(englishAnchors: englishAnchors)
        let plans = self.plans
        var parts: [Node<HTML.BodyContext>] = []
        var stepperCount = 0
        for block in source.blocks {
            switch block {
            case .markdown(let text):
                parts.append(.raw(markdownHTML(text, state: state)))
            case .directive(let directive):
                if case .stepper = directive { stepperCount += 1 }
                parts.append(try render(directive, state: state, stepperNumber: stepperCount, plans: plans))
            }
        }
        let fragment = Node<HTML.BodyContext>.group(parts).render()
        let content = LessonContent(fragment: fragment, toc: state.toc, figures: state.figureNames,
                                    thumbnail: state.figureNames.first { $0.hasSuffix(".png") })
        return Rendered(content: content, anchors: state.anchorOrder, figures: state.rendered)
    }

    /// Markdown → HTML, giving second-level headings anchors for the table of contents.
    private func markdownHTML(_ text: String, state: State) -> String {
        var parser = MarkdownParser()
        parser.addModifier(CodeSample.inkModifier(edition))
        parser.addModifier(Modifier(target: .headings) { html, markdown in
            let level = markdown.prefix { $0 == "#" }.count
            guard level == 2 else { return html }
            let title = markdown.dropFirst(level).trimmingCharacters(in: .whitespaces)
                .replacingOccurrences(of: "`", with: "").replacingOccurrences(of: "*", with: "")
            let anchor = state.anchor(Self.slug(title))
            state.toc.append(.init(anchor: anchor, title: title))
            return html.replacingOccurrences(of: "<h2>", with: "<h2 id=\"\(MarkupEscaping.attribute(anchor))\">")
        })
        return parser.html(from: text)
    }

    static func slug(_ title: String) -> String {
        var slug = ""
        for character in title.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                slug.append(character)
            } else if !slug.hasSuffix("-") {
                slug.append("-")
            }
        }
        let trimmed = slug.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return trimmed.isEmpty ? "section" : trimmed
    }

    static func uniqueAnchor(_ base: String, in used: inout Set<String>) -> String {
        var anchor = base
        var counter = 2
        while used.contains(anchor) {
            anchor = "\(base)-\(counter)"
            counter += 1
        }
        used.insert(anchor)
        return anchor
    }

    /// The run of the spec `name` (as this lesson records it), checked against its `diverges`
    /// setting; problems are reported at `reference`'s line.
    private func traced(_ name: String, plans: [String: RecordingPlan], at reference: TraceReference) throws -> TracedSpec {
        let traced: TracedSpec
        do {
            traced = try traces.trace(of: source.specs[name]!, plan: plans[name] ?? RecordingPlan())
        } catch let error as LessonError {
            throw reference.error("spec \"\(Excerpt(name))\" failed: \(error)")
        }
        let diverges = source.specOptions[name]?.diverges ?? false
        if let nonFinite = traced.nonFinite, !diverges {
            throw reference.error("spec \"\(Excerpt(name))\" diverged: \(nonFinite) (if that is the point, write diverges: true in its front-matter entry)")
        }
        if diverges && traced.nonFinite == nil {
            throw reference.error("spec \"\(Excerpt(name))\" has diverges: true, but all \(traced.plannedSteps) steps stayed finite")
        }
        return traced
    }

    private func traced(_ reference: TraceReference, plans: [String: RecordingPlan]) throws -> TracedSpec {
        try traced(reference.spec, plans: plans, at: reference)
    }

    private func render(_ directive: Directive, state: State, stepperNumber: Int, plans: [String: RecordingPlan]) throws -> Node<HTML.BodyContext> {
        switch directive {
        case .figure(let figure):
            return try renderFigure(figure, state: state, plans: plans)
        case .walkthrough(let walkthrough) where walkthrough.show.readsBertTrace:
            return .div(.class("walkthrough"), try bertWalkthrough(walkthrough, edition: edition))
        case .tokens(let tokens):
            return try tokenTable(tokens, edition: edition)
        case .walkthrough(let walkthrough):
            var shown = Walkthrough(directive: walkthrough, traced: try traced(walkthrough.source, plans: plans))
            shown.edition = edition
            return .div(.class("walkthrough"), try shown.render())
        case .table(let table):
            var shown = ValueTable(directive: table, traced: try traced(table.source, plans: plans))
            shown.edition = edition
            return try shown.render()
        case .summary(let summary):
            let traced = try traced(summary.source, plans: plans)
            let step = try traced.step(summary.source)
            let model = ModelSummary(model: traced.trace.model, architecture: traced.trace.architecture,
                                     parameterShapes: step.params.mapValues(\.before.shape))
            return model.table(caption: summary.caption ?? ModelSummary.caption(model: traced.trace.model, edition: edition), edition: edition)
        case .exercise(let exercise):
            state.exerciseCount += 1
            let worked = try exercise.worked.map { worked -> Node<HTML.BodyContext> in
                try render(.walkthrough(worked), state: state, stepperNumber: stepperNumber, plans: plans)
            }
            let reader: any ExerciseReader
            if case .bert = try traces.specFile(at: source.specs[exercise.source.spec]!) {
                reader = BertExerciseReader(directive: exercise, view: try bertView(of: exercise.source))
            } else {
                reader = TrainedExerciseReader(directive: exercise, traced: try traced(exercise.source, plans: plans),
                                               every: source.specOptions[exercise.source.spec]?.every ?? 1)
            }
            var shown = Exercise(directive: exercise, reader: reader, number: state.exerciseCount)
            shown.edition = edition
            return try shown.render(worked: worked, anchor: state.anchor("exercise-\(state.exerciseCount)"))
        case .outline(let outline):
            return .raw(Outline.marker(outline))
        case .glossary(let glossary):
            return try glossary.render(edition)
        case .stepper(let stepper):
            let anchor = state.anchor(Self.slug(stepper.title))
            state.toc.append(.init(anchor: anchor, title: stepper.title))
            var items: [Node<HTML.ListContext>] = []
            for (index, step) in stepper.steps.enumerated() {
                var body: [Node<HTML.BodyContext>] = [.h3(.literal(StepperMarkup.heading(number: index + 1, of: stepper.steps.count, title: step.title)))]
                if !step.text.isEmpty { body.append(.raw(MarkdownParser().html(from: step.text))) }
                for content in step.contents { body.append(try render(content, state: state, stepperNumber: stepperNumber, plans: plans)) }
                items.append(.li(.class("stepper-step"), .group(body)))
            }
            return StepperMarkup.section(id: anchor, title: stepper.title, items: items, edition: edition)
        }
    }

    private func renderFigure(_ figure: FigureDirective, state: State, plans: [String: RecordingPlan]) throws -> Node<HTML.BodyContext> {
        if FigureKind(rawValue: figure.kind)?.drawsBertTrace == true {
            return try placed(try bertFigure(figure, reusing: englishFigure(state)), figure, state: state)
        }
        let traced = try self.traced(figure.source, plans: plans)
        _ = try traced.step(figure.source)
        var request = FigureRequest(kind: figure.kind, step: figure.source.step, scope: figure.scope,
                                    options: figure.options, caption: figure.caption)
        request.edition = edition
        if let problem = GANLessonRun.figureProblem(figure, traced: traced) { throw figure.source.error(problem) }
        if FigureDirective.lossKinds.contains(figure.kind) && traced.gan == nil {
            request.runs = try lossRuns(figure, plans: plans)
            request.validationLabel = validationLabel(figure)
        } else if figure.kind == "gradient-through-time" {
            request.runs = try figure.runs.map { run in
                let runTrace = try self.traced(run.spec, plans: plans, at: figure.source)
                guard runTrace.trace.step(figure.source.step) != nil else {
                    throw figure.source.error("spec \"\(Excerpt(run.spec))\" has no step \(figure.source.step)")
                }
                return LineChart.LossRun(label: run.label, trace: runTrace.trace)
            }
        } else if figure.kind == "optimizer-paths" {
            let runs = try figure.runs.map { (label: $0.label, traced: try self.traced($0.spec, plans: plans, at: figure.source)) }
            request.optimizerPaths = try OptimizerPathsMaker.input(runs: runs, reference: figure.source, edition: edition)
        } else if figure.kind == "accuracy" {
            request.runs = [try accuracyRun(figure, traced: traced)]
            request.validationLabel = validationLabel(figure)
        }
        let rendered: RenderedFigure
        do {
            rendered = try figures.render(request, of: traced.trace, reusing: englishFigure(state))
        } catch {
            throw figure.source.error("\(error)")
        }
        return try placed(rendered, figure, state: state)
    }

    /// The English page's figure at the position of the next figure of this page, if any.
    private func englishFigure(_ state: State) -> RenderedFigure? {
        state.rendered.count < englishFigures.count ? englishFigures[state.rendered.count] : nil
    }

    /// The curves' name for held-out data: the directive's, or the edition's word for it.
    private func validationLabel(_ figure: FigureDirective) -> String {
        figure.validationLabel == SiteWords.validationLabel(.en) ? SiteWords.validationLabel(edition) : figure.validationLabel
    }

    /// Writes a rendered figure's files and returns its `<figure>`.
    private func placed(_ rendered: RenderedFigure, _ figure: FigureDirective, state: State) throws -> Node<HTML.BodyContext> {
        let base = String(format: "%02d-%@", state.figureNames.count / 2 + 1, Self.slug(figure.kind))
        try writeFigure("\(base).png", rendered.png)
        try writeFigure("\(base).svg", rendered.svg)
        state.figureNames += ["\(base).png", "\(base).svg"]
        state.rendered.append(rendered)
        let alt = rendered.description.isEmpty ? figure.caption : "\(figure.caption) \(rendered.description)"
        let svgLink = "figures/\(base).svg"
        return FigureHTML.figure(src: "figures/\(base).png", alt: alt, width: rendered.width, height: rendered.height,
                                 smallestText: rendered.smallestText, link: svgLink,
                                 caption: [.literal(figure.caption + " "), .a(.class("svg-link"), .escaped("href", svgLink), .text("SVG"))])
    }

    /// The data of the spec `name`, for a validation curve.
    private func validationData(_ name: String?, at reference: TraceReference) throws -> Dataset? {
        guard let name else { return nil }
        do {
            return try traces.spec(at: source.specs[name]!).dataset
        } catch let error as LessonError {
            throw reference.error("validation spec \"\(Excerpt(name))\" failed: \(error)")
        }
    }

    /// An accuracy chart's run: the accuracy on the whole training set at each kept step and,
    /// with `validation`, on that spec's data.
    private func accuracyRun(_ figure: FigureDirective, traced: TracedSpec) throws -> LineChart.LossRun {
        let reference = figure.source
        guard let points = LossCurves.accuracy(traced, on: traced.spec.dataset) else {
            throw reference.error("an accuracy chart needs a classification loss; spec \"\(Excerpt(reference.spec))\" uses \(traced.spec.loss.rawValue)")
        }
        var run = LineChart.LossRun(label: SiteWords.trainingSet(edition), trace: traced.trace, points: points, clock: .updates)
        if let data = try validationData(figure.validation, at: reference) {
            if let problem = LossCurves.mismatch(data, for: traced) {
                throw reference.error("validation spec \"\(Excerpt(figure.validation!))\" does not fit spec \"\(Excerpt(reference.spec))\": \(problem)")
            }
            run.validation = LossCurves.accuracy(traced, on: data)
        }
        return run
    }

    /// The runs a loss chart draws: each spec's loss per kept step (traced, or the data loss on
    /// its whole training set) and, with `validation`, its loss on that spec's data.
    private func lossRuns(_ figure: FigureDirective, plans: [String: RecordingPlan]) throws -> [LineChart.LossRun] {
        let reference = figure.source
        let validationData = try self.validationData(figure.validation, at: reference)
        let dataLossOnly = figure.loss == .data
        let runs = figure.kind == "compare-loss" ? figure.runs : [(spec: reference.spec, label: dataLossOnly ? SiteWords.trainDataLoss(edition) : SiteWords.trainLoss(edition))]
        return try runs.map { run in
            let traced = try self.traced(run.spec, plans: plans, at: reference)
            if traced.gan != nil { throw reference.error("spec \"\(Excerpt(run.spec))\" is a GAN, whose two losses a loss figure of its own draws") }
            let points = dataLossOnly ? LossCurves.evaluated(traced, on: traced.spec.dataset, dataLossOnly: true) : LossCurves.traced(traced)
            var lossRun = LineChart.LossRun(label: run.label, trace: traced.trace, points: points, clock: .updates)
            if let data = validationData {
                if let problem = LossCurves.mismatch(data, for: traced) {
                    throw reference.error("validation spec \"\(Excerpt(figure.validation!))\" does not fit spec \"\(Excerpt(run.spec))\": \(problem)")
                }
                lossRun.validation = LossCurves.evaluated(traced, on: data, dataLossOnly: dataLossOnly)
            }
            return lossRun
        }
    }
}
