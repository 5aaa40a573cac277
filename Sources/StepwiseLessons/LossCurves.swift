import StepwiseEngine
import StepwiseRender
import StepwiseTrace

/// The curves of loss and accuracy charts, on the course's one clock: a point's x is the number
/// of updates made to the parameters it was computed with — the same count as a decision
/// boundary "after step N", which shows the parameters after N updates. Step N's traced loss was
/// computed before step N's update, so it sits at N − 1. The curves recomputed here by the engine
/// (validation, data loss, accuracy) start from the untrained network at 0 and then take each
/// kept step's parameters after its update, at N.
enum LossCurves {
    /// One point per kept step N of `traced`: the loss its trace records, at N − 1 updates.
    static func traced(_ traced: TracedSpec) -> [Point] {
        traced.trace.steps.map { Point(Double($0.step - 1), $0.loss) }
    }

    /// The loss on `data` — the total (data loss plus regularization, as the trace's `loss`)
    /// or the data loss alone — of the untrained network, then after each kept step.
    static func evaluated(_ traced: TracedSpec, on data: Dataset, dataLossOnly: Bool) -> [Point] {
        points(traced) { model in
            let result = model.evaluate(inputs: data.inputs, targets: data.targets)
            return dataLossOnly ? result.data : result.total
        }
    }

    /// The accuracy on `data` (every sample, and for a sequence output every position, counts
    /// once) at the same points as `evaluated`; nil when the loss is not a classification loss.
    static func accuracy(_ traced: TracedSpec, on data: Dataset) -> [Point]? {
        guard traced.spec.loss != .mse else { return nil }
        return points(traced) { $0.accuracy(inputs: data.inputs, targets: data.targets)! }
    }

    /// `measure` of the model before the first kept step (at its number of updates, 0 when the
    /// first kept step is step 1), then of the model after each kept step's update.
    private static func points(_ traced: TracedSpec, _ measure: (Model) -> Double) -> [Point] {
        guard let first = traced.trace.steps.first else { return [] }
        return [Point(Double(first.step - 1), measure(traced.model(before: first)))]
            + traced.trace.steps.map { Point(Double($0.step), measure(traced.model(after: $0))) }
    }

    /// Why `data` cannot be fed to the model of `traced`, or nil when it can.
    static func mismatch(_ data: Dataset, for traced: TracedSpec) -> String? {
        let spec = traced.spec
        let sampleShape = Array(data.inputs.shape.dropFirst())
        if sampleShape != spec.inputShape {
            return "its inputs have shape \(sampleShape) per sample, the model of \"\(spec.name)\" reads \(spec.inputShape)"
        }
        let n = data.sampleCount
        let output = traced.initialModel.outputShape
        let expected = spec.loss.usesClassIndices ? [n] + output.dropLast() : [n] + output
        if data.targets.shape != expected {
            return "its targets have shape \(data.targets.shape), the loss of \"\(spec.name)\" needs \(expected)"
        }
        return nil
    }
}
