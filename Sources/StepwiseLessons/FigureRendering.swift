import Foundation
import StepwiseRender
import StepwiseTrace
import StepwiseWords

/// What a `stepwise-figure` asks the renderer for.
public struct FigureRequest: Sendable, Equatable {
    public let kind: String
    public let step: Int
    public let scope: String?
    public let options: [String: String]
    public let caption: String
    /// Loss charts: the runs to draw with the points of each, and validation points where the
    /// directive asked for them (`loss`: one run, the spec's own). Empty for other kinds.
    public var runs: [LineChart.LossRun] = []
    /// The name of the validation curves.
    public var validationLabel = "validation"
    /// optimizer-paths: the loss grid and the runs' paths (`OptimizerPathsMaker`); nil for other kinds.
    public var optimizerPaths: OptimizerPathsInput?
    /// The edition whose words the figure draws (the lesson file's language).
    public var edition: Edition = .en
}

/// A figure as the site stores it: PNG for the page, SVG one click away.
public struct RenderedFigure: Sendable {
    public let png: Data
    public let svg: Data
    /// Pixel size of the PNG, for the `<img>` tag.
    public let width: Int
    public let height: Int
    /// The figure's own description, used as alt text after the caption.
    public let description: String
    /// The smallest text the figure draws, in its pixels (nil: no text); the page never shows
    /// the figure so small that this text falls below `FigureHTML.smallestShownText`.
    public let smallestText: Double?

    public init(png: Data, svg: Data, width: Int, height: Int, description: String, smallestText: Double?) {
        self.png = png
        self.svg = svg
        self.width = width
        self.height = height
        self.description = description
        self.smallestText = smallestText
    }
}

/// Draws figures of traces for the lesson builder. The renderer module provides the real one;
/// the builder never draws anything itself.
public protocol FigureRendering: Sendable {
    /// The figure of `trace`; throws an error whose description is one line for the author.
    func render(_ request: FigureRequest, of trace: Trace) throws -> RenderedFigure
    /// A BERT figure of forward traces (`traces[0]`; sentence-similarity compares them all).
    func renderBert(_ request: FigureRequest, of traces: [ForwardTrace]) throws -> RenderedFigure
}

