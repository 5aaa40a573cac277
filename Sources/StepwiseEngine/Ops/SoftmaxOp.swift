import Foundation
import StepwiseTrace

extension Tape {
    /// softmax over the last axis: yᵢ = e^(xᵢ − max x) / Σⱼ e^(xⱼ − max x), the max subtracted
    /// for numerical stability.  Backward: dxᵢ = yᵢ (gᵢ − Σⱼ gⱼ yⱼ).
    public func softmax(_ x: Variable, _ name: String = "softmax") -> Variable {
        record(.softmax, name, inputs: [x], attributes: ["axis": .int(-1)],
               value: Tape.softmaxLastAxis(value(x))) { grad, _, y in
            let width = y.shape.last ?? 1
            var result = [Double](repeating: 0, count: y.count)
            for start in stride(from: 0, to: y.count, by: width) {
                var dot = 0.0
                for index in start..<(start + width) { dot += grad.data[index] * y.data[index] }
                for index in start..<(start + width) { result[index] = y.data[index] * (grad.data[index] - dot) }
            }
            return [Tensor(shape: y.shape, data: result)]
        }
    }

    static func softmaxLastAxis(_ x: Tensor) -> Tensor {
        let width = x.shape.last ?? 1
        var result = [Double](repeating: 0, count: x.count)
        for start in stride(from: 0, to: x.count, by: width) {
            let row = start..<(start + width)
            let largest = x.data[row].max() ?? 0
            var total = 0.0
            for index in row {
                result[index] = Foundation.exp(x.data[index] - largest)
                total += result[index]
            }
            for index in row { result[index] /= total }
        }
        return Tensor(shape: x.shape, data: result)
    }
}
