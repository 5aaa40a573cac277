/// The fraction of a classifier's predictions that are right — one implementation for reports
/// (each step's batch, from the trace) and lessons (a whole data set, from a step's parameters).
///
/// Binary cross-entropy: an output is right when it is on its target's side of 0.5, each output
/// element counting once. Otherwise each row of the last axis is one prediction, right when its
/// largest value is at the target class (the first index on ties, as NumPy's `argmax`).
public enum Accuracy {
    /// From a prediction and targets of the same shape: one-hot (or probability) rows for the
    /// categorical losses, 0/1 values for binary cross-entropy. `classes` is the last axis.
    public static func of(prediction: [Double], targets: [Double], classes: Int, binary: Bool) -> Double {
        precondition(prediction.count == targets.count && !prediction.isEmpty && classes >= 1)
        if binary {
            let correct = zip(prediction, targets).filter { ($0 > 0.5) == ($1 > 0.5) }.count
            return Double(correct) / Double(prediction.count)
        }
        let rows = prediction.count / classes
        var correct = 0
        for row in 0..<rows {
            let range = (row * classes)..<((row + 1) * classes)
            if argmax(prediction[range]) == argmax(targets[range]) { correct += 1 }
        }
        return Double(correct) / Double(rows)
    }

    /// From a prediction `[n, …, classes]` and targets as `loss` reads them (class indices
    /// `[n, …]` for the sparse loss); nil for `mse`, which is not a classification loss.
    public static func of(prediction: Tensor, targets: Tensor, loss: Loss) -> Double? {
        let classes = prediction.shape.last ?? 1
        switch loss {
        case .mse:
            return nil
        case .binaryCrossentropy:
            return of(prediction: prediction.data, targets: targets.data, classes: classes, binary: true)
        case .crossEntropy:
            return of(prediction: prediction.data, targets: targets.data, classes: classes, binary: false)
        case .sparseCategoricalCrossentropy:
            return of(prediction: prediction.data, targets: Loss.oneHot(targets, classes: classes).data, classes: classes, binary: false)
        }
    }

    static func argmax(_ values: ArraySlice<Double>) -> Int {
        var best = values.startIndex
        for index in values.indices where values[index] > values[best] { best = index }
        return best - values.startIndex
    }
}

extension Model {
    /// The model's accuracy on `inputs` and `targets` (as the loss reads them); nil for `mse`.
    public func accuracy(inputs: Tensor, targets: Tensor) -> Double? {
        Accuracy.of(prediction: predict(inputs), targets: targets, loss: loss)
    }
}
