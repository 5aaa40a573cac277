import StepwiseRender
import StepwiseTrace
import StepwiseWords

/// The lesson builder's figures, drawn by the renderer's catalogue: PNG for the page and SVG
/// one click away.
public struct RendererFigures: FigureRendering {
    public init() {}

    public func render(_ request: FigureRequest, of trace: Trace) throws -> RenderedFigure {
        let kind = try FigureKind.named(request.kind)
        var settings = try FigureSettings(step: request.step, scope: request.scope, options: request.options)
        settings.edition = request.edition
        let figure = try FigureCatalog.figure(
            kind, of: trace, settings: settings, runs: request.runs, validationLabel: request.validationLabel,
            decisionBoundary: { try DecisionGridMaker.input(trace: $0, step: $1.step, layer: $1.scope, edition: $1.edition) },
            generatorMap: { try GeneratorMapMaker.input(trace: $0, step: $1.step) },
            neuronPlane: { try NeuronPlaneMaker.input(trace: $0, step: $1.step, layer: $1.scope, unit: $1.unit, edition: $1.edition) },
            optimizerPaths: request.optimizerPaths)
        return RenderedFigure(png: try Renderer.render(figure, as: .png), svg: try Renderer.render(figure, as: .svg),
                              width: Int(figure.size.width), height: Int(figure.size.height), description: figure.caption,
                              smallestText: figure.smallestTextSize)
    }
}
