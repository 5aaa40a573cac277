import Foundation
import Ink
import Plot
import StepwiseTrace

/// Turns one lesson's blocks into its body HTML and figure files: Markdown through Ink,
/// directives through walkthroughs, tables and the figure renderer.
struct LessonRenderer {
    let source: LessonSource
    let traces: TraceLibrary
    let figures: any FigureRendering
    /// Receives each figure file (name under `<id>/figures/`, bytes) as it is made.
    let writeFigure: (String, Data) throws -> Void

    private final class State {
        var toc: [LessonContent.TocEntry] = []
        var anchors: Set<String> = []
        var figureNames: [String] = []
    }

    func render() throws -> LessonContent {
        let state = State()
        var parts: [Node<HTML.BodyContext>] = []
        var stepperCount = 0
        for block in source.blocks {
            switch block {
            case .markdown(let text):
                parts.append(.raw(markdownHTML(text, state: state)))
            case .directive(let directive):
                if case .stepper = directive { stepperCount += 1 }
                parts.append(try render(directive, state: state, stepperNumber: stepperCount))
            }
        }
        let fragment = Node<HTML.BodyContext>.group(parts).render()
        return LessonContent(fragment: fragment, toc: state.toc, figures: state.figureNames,
                             thumbnail: state.figureNames.first { $0.hasSuffix(".png") })
    }

    /// Markdown → HTML, giving second-level headings anchors for the table of contents.
    private func markdownHTML(_ text: String, state: State) -> String {
        var parser = MarkdownParser()
        parser.addModifier(Modifier(target: .headings) { html, markdown in
            let level = markdown.prefix { $0 == "#" }.count
            guard level == 2 else { return html }
            let title = markdown.dropFirst(level).trimmingCharacters(in: .whitespaces)
                .replacingOccurrences(of: "`", with: "").replacingOccurrences(of: "*", with: "")
            let anchor = Self.uniqueAnchor(Self.slug(title), in: &state.anchors)
            state.toc.append(.init(anchor: anchor, title: title))
            return html.replacingOccurrences(of: "<h2>", with: "<h2 id=\"\(anchor)\">")
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

    private func traced(_ reference: TraceReference) throws -> TracedSpec {
        do {
            return try traces.trace(of: source.specs[reference.spec]!)
        } catch let error as LessonError {
            throw reference.error("spec \"\(reference.spec)\" failed: \(error)")
        }
    }

    private func render(_ directive: Directive, state: State, stepperNumber: Int) throws -> Node<HTML.BodyContext> {
        switch directive {
        case .figure(let figure):
            return try renderFigure(figure, state: state)
        case .walkthrough(let walkthrough):
            return .div(.class("walkthrough"), try Walkthrough(directive: walkthrough, traced: traced(walkthrough.source)).render())
        case .table(let table):
            return try ValueTable(directive: table, traced: traced(table.source)).render()
        case .stepper(let stepper):
            let anchor = Self.uniqueAnchor(Self.slug(stepper.title), in: &state.anchors)
            state.toc.append(.init(anchor: anchor, title: stepper.title))
            var items: [Node<HTML.ListContext>] = []
            for (index, step) in stepper.steps.enumerated() {
                var body: [Node<HTML.BodyContext>] = [.h3(.text("Step \(index + 1) of \(stepper.steps.count): \(step.title)"))]
                if !step.text.isEmpty { body.append(.raw(MarkdownParser().html(from: step.text))) }
                if let content = step.content { body.append(try render(content, state: state, stepperNumber: stepperNumber)) }
                items.append(.li(.class("stepper-step"), .group(body)))
            }
            return StepperMarkup.section(id: anchor, title: stepper.title, items: items)
        }
    }

    private func renderFigure(_ figure: FigureDirective, state: State) throws -> Node<HTML.BodyContext> {
        let traced = try self.traced(figure.source)
        _ = try traced.step(figure.source)
        let request = FigureRequest(kind: figure.kind, step: figure.source.step, scope: figure.scope,
                                    options: figure.options, caption: figure.caption)
        let rendered: RenderedFigure
        do {
            rendered = try figures.render(request, of: traced.trace)
        } catch {
            throw figure.source.error("\(error)")
        }
        let base = String(format: "%02d-%@", state.figureNames.count / 2 + 1, Self.slug(figure.kind))
        try writeFigure("\(base).png", rendered.png)
        try writeFigure("\(base).svg", rendered.svg)
        state.figureNames += ["\(base).png", "\(base).svg"]
        let alt = rendered.description.isEmpty ? figure.caption : "\(figure.caption) \(rendered.description)"
        let svgLink = "figures/\(base).svg"
        let image: Node<HTML.AnchorContext> = .img(
            .src("figures/\(base).png"), .alt(alt),
            .attribute(named: "width", value: String(rendered.width)),
            .attribute(named: "height", value: String(rendered.height)))
        // Plot has no <figure> element: build it by name.
        let caption: Node<HTML.BodyContext> = .element(named: "figcaption", nodes: [
            .text(figure.caption + " "), .a(.class("svg-link"), .href(svgLink), .text("SVG")),
        ])
        return .element(named: "figure", nodes: [.a(.href(svgLink), image), caption])
    }
}
