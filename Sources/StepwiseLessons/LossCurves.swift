import StepwiseEngine
import StepwiseRender
import StepwiseTrace

/// Loss curves the trace does not hold: a run's loss on other data (validation), or its data
/// loss on the whole training set, computed by the engine with each kept step's parameters
/// before its update — the parameters the step's own traced loss was computed with, so the
/// curves line up step for step.
enum LossCurves {
    /// One point per kept step of `traced`: the loss on `data` — the total (data loss plus
    /// regularization, as the trace's `loss`) or the data loss alone.
    static func evaluated(_ traced: TracedSpec, on data: Dataset, dataLossOnly: Bool) -> [Point] {
        traced.trace.steps.map { step in
            let result = traced.model(before: step).evaluate(inputs: data.inputs, targets: data.targets)
            return Point(Double(step.step), dataLossOnly ? result.data : result.total)
        }
    }

    /// One point per kept step of `traced`: the accuracy on `data` (every sample, and for a
    /// sequence output every position, counts once), computed by the engine with the step's
    /// parameters before its update; nil when the loss is not a classification loss.
    static func accuracy(_ traced: TracedSpec, on data: Dataset) -> [Point]? {
        guard traced.spec.loss != .mse else { return nil }
        return traced.trace.steps.map { step in
            Point(Double(step.step), traced.model(before: step).accuracy(inputs: data.inputs, targets: data.targets)!)
        }
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
