import StepwiseTrace

/// Ops whose weights stay in a pretrained checkpoint instead of entering the tape as leaves, so
/// a trace of a 22-million-parameter model holds its activations, not its weights: the trace
/// names each weight by its checkpoint tensor name (attributes `weight`, `bias`, `table`).
extension Tape {
    /// A dense layer whose weights come from a checkpoint: y = x·K + b, `x [..., in]`,
    /// `kernel [in, out]` (a `torch.nn.Linear` weight `[out, in]` transposed once when the
    /// checkpoint is read, so the product reads it row by row), `bias [out]` → `[..., out]`.
    /// `weightName`/`biasName` name the checkpoint tensors. Backward: dx = g·Kᵀ (K and b are fixed).
    public func linear(
        _ x: Variable, kernel: Tensor, bias: Tensor, weightName: String, biasName: String, _ name: String = "linear"
    ) -> Variable {
        let input = value(x)
        precondition(kernel.rank == 2 && bias.shape == [kernel.shape[1]] && input.shape.last == kernel.shape[0],
                     "linear of \(input.shape) with kernel \(kernel.shape) and bias \(bias.shape)")
        let (inputs, outputs) = (kernel.shape[0], kernel.shape[1])
        let rows = input.count / Swift.max(inputs, 1)
        var product = Matrix.multiply(input.data, kernel.data, m: rows, k: inputs, n: outputs)
        for row in 0..<rows {
            for column in 0..<outputs { product[row * outputs + column] += bias.data[column] }
        }
        return record(.linear, name, inputs: [x], attributes: ["weight": .string(weightName), "bias": .string(biasName)],
                      value: Tensor(shape: Array(input.shape.dropLast()) + [outputs], data: product)) { grad, inputValues, _ in
            [Tensor(shape: inputValues[0].shape,
                    data: Matrix.multiply(grad.data, kernel.data, m: rows, k: outputs, n: inputs, transposeB: true))]
        }
    }

    /// The rows of a checkpoint table picked by integer ids: `ids [...]`, `table [V, D]` →
    /// `[..., D]` (`torch.nn.Embedding`); every id must be an integer in 0..<V. `tableName` names
    /// the checkpoint tensor. Backward: the ids get no gradient (zeros).
    public func lookup(_ ids: Variable, table: Tensor, tableName: String, _ name: String = "lookup") -> Variable {
        let idValues = value(ids)
        precondition(table.rank == 2, "lookup in a table of shape \(table.shape)")
        let (count, width) = (table.shape[0], table.shape[1])
        var result = [Double](repeating: 0, count: idValues.count * width)
        for (place, id) in idValues.data.enumerated() {
            precondition(id == id.rounded() && id >= 0 && id < Double(count), "lookup id \(id) outside 0..<\(count)")
            let row = Int(id)
            for column in 0..<width { result[place * width + column] = table.data[row * width + column] }
        }
        return record(.lookup, name, inputs: [ids], attributes: ["table": .string(tableName)],
                      value: Tensor(shape: idValues.shape + [width], data: result)) { _, inputValues, _ in
            [Tensor.zeros(inputValues[0].shape)]
        }
    }
}
