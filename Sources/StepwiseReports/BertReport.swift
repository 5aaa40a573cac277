import Foundation
import Plot
import StepwiseEngine
import StepwiseLessons
import StepwiseRender
import StepwiseTrace
import StepwiseWords

/// `stepwise report` on a BERT spec: one forward pass of the pretrained encoder, as one page —
/// the tokens with their ids, the model view, each layer's head view, the embedding sum and how
/// each layer changes each token's vector — with the trace beside it. Written like the training
/// report (`ReportWriter`): a folder (`index.html`, `figures/*.png`, `trace.json`) swapped in
/// whole, or one HTML file with the figures embedded and `<name>.trace.json` beside it.
public enum BertReport {
    /// What was written: the number of figures.
    public struct Summary: Sendable {
        public let figureCount: Int
        public let traceBytes: Int
    }

    /// Runs `spec` and writes its report to `output` (`outPath` as the user wrote it);
    /// `traceFileName` is the trace's name beside the page; `edition` the language of the page
    /// and its figures.
    public static func write(_ spec: BertSpec, specPath: String, to output: URL, outPath: String, singleFile: Bool,
                             traceFileName: String, edition: Edition = .en) throws -> Summary {
        let checkpoint = try BertCheckpoint(folder: spec.checkpoint, shownAs: spec.checkpointShown)
        let run = try BertRun(checkpoint: checkpoint, text: spec.text, file: spec.file)
        let (step, nonFinite) = run.traceStep(record: .ops)
        if let nonFinite {
            throw CheckpointError(file: spec.file, location: "text", message: "the forward pass became non-finite at \(nonFinite)")
        }
        let trace = ForwardTrace(model: spec.name, architecture: run.architecture, steps: [step])
        let traceData = try TraceJSON.makeEncoder().encode(trace) + Data("\n".utf8)
        let view = try BertTraceView(trace)
        let figures = try plannedFigures(view, trace, edition)
        func page(_ sources: [String]) -> String {
            html(spec, specPath: specPath, view: view, checkpoint: checkpoint, figures: Array(zip(figures, sources)),
                 traceFileName: traceFileName, traceBytes: traceData.count, ids: run.ids, edition: edition)
        }
        if singleFile {
            let traceURL = output.deletingLastPathComponent().appendingPathComponent(traceFileName)
            try StagedOutput.files(at: [traceURL, output], shownAs: [traceURL.path, outPath]) { temporaries in
                try traceData.write(to: temporaries[0])
                try Data(page(figures.map { "data:image/png;base64," + $0.png.base64EncodedString() }).utf8).write(to: temporaries[1])
            }
        } else {
            try StagedOutput.folder(at: output, shownAs: outPath, what: "a report") { staging in
                let folder = staging.appendingPathComponent("figures")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                for figure in figures { try figure.png.write(to: folder.appendingPathComponent(figure.file)) }
                try traceData.write(to: staging.appendingPathComponent(traceFileName))
                try Data(page(figures.map { "figures/\($0.file)" }).utf8).write(to: staging.appendingPathComponent("index.html"))
            }
        }
        return Summary(figureCount: figures.count, traceBytes: traceData.count)
    }

    /// One drawn figure: its file name, PNG, size and description.
    struct Drawn {
        let section: String
        let file: String
        let png: Data
        let figure: Figure
    }

    /// The model view, a head view per layer (all heads), the embedding sum and the change per layer.
    private static func plannedFigures(_ view: BertTraceView, _ trace: ForwardTrace, _ edition: Edition) throws -> [Drawn] {
        var planned: [(String, String, Figure)] = [("attention", "model-view.png", try BertModelView.figure(view, edition: edition))]
        for layer in 1...view.layerCount {
            planned.append(("attention", "head-view-layer\(layer).png", try BertHeadView.figure(view, layer: layer, edition: edition)))
        }
        planned.append(("hidden", "embedding-sum.png", try BertEmbeddingSum.figure(view, edition: edition)))
        planned.append(("hidden", "hidden-change.png", try BertHiddenChange.figure(view, edition: edition)))
        return try planned.map { Drawn(section: $0.0, file: $0.1, png: try Renderer.render($0.2, as: .png), figure: $0.2) }
    }

    private static func html(_ spec: BertSpec, specPath: String, view: BertTraceView, checkpoint: BertCheckpoint,
                             figures: [(Drawn, String)], traceFileName: String, traceBytes: Int, ids: [Int], edition: Edition) -> String {
        let config = checkpoint.config
        func placed(_ section: String) -> [Node<HTML.BodyContext>] {
            figures.filter { $0.0.section == section }.map { drawn, source in
                FigureHTML.figure(src: source, alt: drawn.figure.caption, width: Int(drawn.figure.size.width), height: Int(drawn.figure.size.height),
                                  smallestText: drawn.figure.smallestTextSize, link: nil, caption: [.text(ReportWords.captionEnd(edition, ["title": drawn.figure.title]))])
            }
        }
        let rows: [Node<HTML.TableContext>] = view.tokens.indices.map { index in
            .tr(.td(.text(String(index + 1))), .td(.code(.text(view.tokens[index]))), .td(.text(String(ids[index]))))
        }
        let command = ["stepwise", "trace", specPath, "--out", traceFileName].map(ReportRequest.shellQuoted).joined(separator: " ")
        let body: [Node<HTML.BodyContext>] = [
            .h1(.id("top"), .text(ReportWords.pageHeading(edition, ["model": spec.name]))),
            .p(.class("summary"), .text(ReportWords.bertIntroduction(edition, [
                "checkpoint": spec.checkpointShown, "layers": String(config.layerCount), "heads": String(config.headCount),
                "size": String(config.hiddenSize), "text": spec.text,
            ]))),
            .h2(.id("tokens"), .text(ReportWords.tokens(edition))),
            .div(.class("table-scroll"), .table(.class("values"),
                                                .caption(.text(ReportWords.tokensCaption(edition))),
                                                .thead(.tr(.th(.text(ReportWords.position(edition))), .th(.text(ReportWords.token(edition))),
                                                           .th(.text(ReportWords.tokenID(edition))))),
                                                .tbody(.group(rows)))),
            .h2(.id("attention"), .text(ReportWords.attention(edition))),
            .group(placed("attention")),
            .h2(.id("hidden-states"), .text(ReportWords.hiddenStates(edition))),
            .group(placed("hidden")),
            .h2(.id("reproduce"), .text(ReportWords.reproduce(edition))),
            .p(.text(ReportWords.bertTrace(edition, ["n": String(traceBytes), "file": traceFileName]))),
            .element(named: "pre", nodes: [.class("command"), .code(.text(command))]),
        ]
        return PageTemplate.page(title: ReportWords.pageTitle(edition, ["model": spec.name]), assetPrefix: "", home: "#top", body: body,
                                 hasStepper: false, inlineStyle: ReportPage.style)
    }
}
