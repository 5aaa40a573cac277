import Foundation
import StepwiseEngine
import StepwiseRender
import StepwiseTrace
import StepwiseWords

/// The numbers a report follows over the run, gathered one recorded step at a time (the steps
/// themselves are not kept): the loss, the batch accuracy of a classifier, and the norm of
/// each layer's parameter gradient.
public struct TrainingMetrics: Sendable {
    public let model: String
    public let architecture: Architecture
    /// Layers with parameters, in order: the gradient-flow series.
    public let layers: [String]
    public private(set) var steps: [Int] = []
    public private(set) var losses: [Double] = []
    /// Per step; nil when the loss is not a classification loss or the step lacks the numbers.
    public private(set) var accuracies: [Double?] = []
    /// Layer → ‖∂L/∂W‖ per step: the L2 norm over every parameter of the layer.
    public private(set) var gradientNorms: [String: [Double]] = [:]

    public init(model: String, architecture: Architecture) {
        self.model = model
        self.architecture = architecture
        layers = architecture.layers.filter { !$0.params.isEmpty }.map(\.name)
    }

    /// True for the losses whose outputs are class probabilities.
    public var isClassification: Bool {
        ["binary_crossentropy", "cross_entropy", "sparse_categorical_crossentropy"].contains(architecture.loss)
    }

    public mutating func add(_ step: TraceStep) {
        steps.append(step.step)
        losses.append(step.loss)
        accuracies.append(isClassification ? accuracy(of: step) : nil)
        for layer in layers {
            let info = architecture.layers.first { $0.name == layer }!
            var sum = 0.0
            for param in info.params {
                for g in step.params["\(layer)/\(param)"]?.grad.data ?? [] { sum += g * g }
            }
            gradientNorms[layer, default: []].append(sum.squareRoot())
        }
    }

    /// The step's accuracy on its batch, from the traced output of the last layer and the
    /// `loss/targets` record (one-hot for the sparse loss), with the weights before the update:
    /// for binary cross-entropy the fraction of outputs on the target's side of 0.5, otherwise
    /// the fraction of rows whose largest output is the target class (first index on ties).
    func accuracy(of step: TraceStep) -> Double? {
        guard let last = architecture.layers.last,
              let prediction = step.outputs[last.name] ?? step.op(scope: "\(last.name)/activation")?.value,
              let targets = step.op(scope: "loss/targets")?.value,
              prediction.data.count == targets.data.count, !prediction.data.isEmpty else { return nil }
        return Accuracy.of(prediction: prediction.data, targets: targets.data, classes: prediction.shape.last ?? 1,
                           binary: architecture.loss == "binary_crossentropy")
    }

    // MARK: Charts

    /// The loss per recorded step (log scale when it spans more than two decades).
    public func lossChart(edition: Edition = .en) -> Figure {
        let slim = Trace(model: model, architecture: architecture, steps: zip(steps, losses).map {
            TraceStep(step: $0, loss: $1, outputs: [:], params: [:], inputGrad: nil, ops: [])
        })
        let positive = losses.filter { $0.isFinite && $0 > 0 }
        let logY = positive.count == losses.count && (positive.max() ?? 1) / (positive.min() ?? 1) > 100
        return LineChart.lossCurve(trace: slim, logY: logY, edition: edition)
    }

    /// The batch accuracy per recorded step, on 0…1; nil unless the loss is a classification loss.
    public func accuracyChart(edition: Edition = .en) -> Figure? {
        guard isClassification else { return nil }
        let points = zip(steps, accuracies).compactMap { step, accuracy in accuracy.map { Point(Double(step), $0) } }
        guard !points.isEmpty else { return nil }
        return LineChart.accuracyCurve(model: model, series: [Series(name: ReportWords.batchAccuracy(edition), points: points)],
                                       subtitle: ReportWords.accuracySubtitle(edition, ["n": String(points.count)]),
                                       measured: ReportWords.accuracyMeasuredOn(edition), scopes: ["loss/targets", architecture.layers.last?.name ?? ""], edition: edition)
    }

    /// ‖∂L/∂W‖ of every layer per recorded step on a log axis: vanishing or exploding gradients
    /// show as lines far below or above the others, or falling or rising over the run.
    public func gradientFlowChart(edition: Edition = .en) -> Figure {
        let series = layers.map { layer in
            Series(name: Markup.escape(layer), points: zip(steps, gradientNorms[layer] ?? []).map { Point(Double($0), $1) })
        }
        var options = LineChartOptions(title: ReportWords.gradientFlowTitle(edition, ["model": Markup.escape(model)]),
                                       xLabel: ReportWords.gradientFlowAxis(edition), yLabel: "‖∂L/∂W‖")
        options.stepAxis = true
        options.edition = edition
        options.subtitle = ReportWords.gradientFlowSubtitle(edition, ["n": String(steps.count)])
        options.logY = true
        let ranges = layers.map { layer -> String in
            let norms = gradientNorms[layer] ?? []
            return ReportWords.normRange(edition, ["layer": layer, "first": NumberFormat.compact(norms.first ?? .nan),
                                                   "last": NumberFormat.compact(norms.last ?? .nan)])
        }
        let left = layers.filter { (gradientNorms[$0] ?? []).contains { !$0.isFinite || $0 <= 0 } }
        let caption = ReportWords.gradientFlowCaption(edition, ["n": String(steps.count),
                                                                "ranges": ranges.joined(separator: ReportWords.normRangeSeparator(edition))])
            + (left.isEmpty ? "" : ReportWords.normsLeftOut(edition, ["layers": left.joined(separator: ReportWords.listSeparator(edition))]))
        return LineChart.figure(series, options: options, caption: caption, source: (model, nil, layers.map { "\($0)/*" }), kind: "gradient-flow")
    }
}
