import Testing
@testable import StepwiseEngine

/// `Accuracy`: the fraction of right predictions, by hand.
@Suite struct AccuracyTests {
    @Test func binaryCategoricalAndSparse() {
        // Binary: outputs on the target's side of 0.5.
        #expect(Accuracy.of(prediction: [0.9, 0.2, 0.6, 0.4], targets: [1, 0, 0, 0], classes: 1, binary: true) == 0.75)
        // Categorical: the largest output is the target class; ties go to the first index.
        #expect(Accuracy.of(prediction: [0.1, 0.7, 0.2, 0.5, 0.5, 0], targets: [0, 1, 0, 0, 1, 0], classes: 3, binary: false) == 0.5)
        // Sparse targets of a sequence [2, 2, 3]: each of the 4 positions counts once.
        let prediction = Tensor(shape: [2, 2, 3], data: [0.1, 0.8, 0.1, 0.6, 0.3, 0.1, 0.2, 0.2, 0.6, 0.3, 0.4, 0.3])
        #expect(Accuracy.of(prediction: prediction, targets: Tensor(shape: [2, 2], data: [1, 0, 2, 0]), loss: .sparseCategoricalCrossentropy) == 0.75)
        #expect(Accuracy.of(prediction: prediction, targets: Tensor(shape: [2, 2], data: [1, 0, 2, 0]), loss: .mse) == nil)
    }
}
