import Foundation
import Testing
@testable import StepwiseEngine

/// The update rules on one parameter with chosen gradients, against values worked by hand.
/// (Full multi-step runs against Keras are in KerasReferenceTests.)
@Suite struct OptimizerTests {
    func updates(_ optimizer: some Optimizer, gradients: [Double], start: Double = 1) -> [Double] {
        var optimizer = optimizer
        var value = Tensor(vector: [start])
        var results: [Double] = []
        for (index, g) in gradients.enumerated() {
            value = optimizer.update("w", value: value, gradient: Tensor(vector: [g]), step: index + 1)
            results.append(value.scalar)
        }
        return results
    }

    @Test func plainSGD() {
        // w = 1 − 0.1·2 = 0.8, then 0.8 − 0.1·(−1) = 0.9.
        expectClose(updates(SGD(learningRate: 0.1), gradients: [2, -1]), [0.8, 0.9], relative: 1e-15)
    }

    @Test func momentum() {
        // g = 1 each step, lr 0.1, momentum 0.9:
        // m = −0.1 → w = 0.9; m = −0.19 → w = 0.71; m = −0.271 → w = 0.439.
        expectClose(updates(SGD(learningRate: 0.1, momentum: 0.9), gradients: [1, 1, 1]), [0.9, 0.71, 0.439], relative: 1e-14)
    }

    @Test func nesterov() {
        // m = −0.1, w = 1 + 0.9·(−0.1) − 0.1 = 0.81; m = −0.19, w = 0.81 − 0.171 − 0.1 = 0.539.
        expectClose(updates(SGD(learningRate: 0.1, momentum: 0.9, nesterov: true), gradients: [1, 1]), [0.81, 0.539], relative: 1e-14)
    }

    @Test func adamFirstStepMovesByAboutTheLearningRate() {
        // Step 1, g = 2: m = 0.2, v = 0.004, α = 0.1·√0.001/0.1 = 0.0316227766…;
        // w = 1 − α·0.2/(√0.004 + 1e-7) = 1 − 0.0999998418861… = 0.900000158113633…
        expectClose(updates(Adam(learningRate: 0.1), gradients: [2]), [0.900000158113633], relative: 1e-12)
    }

    @Test func momentumStateIsPerParameter() {
        var sgd = SGD(learningRate: 0.1, momentum: 0.9)
        _ = sgd.update("a", value: Tensor(vector: [0]), gradient: Tensor(vector: [1]), step: 1)
        // "b" starts with zero velocity: 0 − 0.1·1 = −0.1, untouched by "a"'s history.
        let b = sgd.update("b", value: Tensor(vector: [0]), gradient: Tensor(vector: [1]), step: 1)
        expectClose(b.data, [-0.1], relative: 1e-15)
    }

    @Test func adamEightAtATimeGivesTheFormulasBytes() {
        // 19 numbers: two groups of eight (the vector path, with its vector square root) and three
        // single ones. Each must be, bit for bit, the formula computed one number at a time.
        let (lr, beta1, beta2, epsilon) = (0.01, 0.9, 0.999, 1e-7)
        var adam = Adam(learningRate: lr, beta1: beta1, beta2: beta2, epsilon: epsilon)
        var value = Tensor(vector: (0..<19).map { 0.5 - Double($0) * 0.07 })
        var (expected, m, v) = (value.data, [Double](repeating: 0, count: 19), [Double](repeating: 0, count: 19))
        for step in 1...5 {
            let gradient = (0..<19).map { sin(Double($0 * 7 + step * 3)) * 1.7 }
            value = adam.update("w", value: value, gradient: Tensor(vector: gradient), step: step)
            let alpha = lr * (1 - pow(beta2, Double(step))).squareRoot() / (1 - pow(beta1, Double(step)))
            for i in 0..<19 {
                m[i] += (gradient[i] - m[i]) * (1 - beta1)
                v[i] += (gradient[i] * gradient[i] - v[i]) * (1 - beta2)
                expected[i] -= m[i] * alpha / (v[i].squareRoot() + epsilon)
            }
            #expect(value.data.map(\.bitPattern) == expected.map(\.bitPattern), "step \(step)")
        }
    }
}
