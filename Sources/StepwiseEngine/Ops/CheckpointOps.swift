import StepwiseTrace

/// Ops whose weights stay in a pretrained checkpoint instead of entering the tape as leaves, so
/// a trace of a 22-million-parameter model holds its activations, not its weights: the trace
/// names each weight by its checkpoint tensor name (attributes `weight`, `bias`, `table`).
extension Tape {
    /// A dense layer whose weights come from a checkpoint, in PyTorch's layout (`torch.nn.Linear`):
    /// y = x·Wᵀ + b, `x [..., in]`, `weight [out, in]`, `bias [out]` → `[..., out]`.
    /// `weightName`/`biasName` name the checkpoint tensors. Computed as (W·xᵀ)ᵀ: with few rows
    /// (a sentence's tokens) the matrix kernel's tiles then run along W's many rows, each read in
    /// place once; every element is still one multiply-add chain in order of `in`, so the bytes
    /// are those of x·Wᵀ. Backward: dx = g·W (W and b are fixed).
    public func linear(
        _ x: Variable, weight: Tensor, bias: Tensor, weightName: String, biasName: String, _ name: String = "linear"
    ) -> Variable {
        let input = value(x)
        precondition(weight.rank == 2 && bias.shape == [weight.shape[0]] && input.shape.last == weight.shape[1],
                     "linear of \(input.shape) with weight \(weight.shape) and bias \(bias.shape)")
        let (outputs, inputs) = (weight.shape[0], weight.shape[1])
        let rows = input.count / Swift.max(inputs, 1)
        // [out, rows] = W [out, in] · xᵀ, x stored [rows, in].
        let transposed = Matrix.multiply(weight.data, input.data, m: outputs, k: inputs, n: rows, transposeB: true)
        var product = [Double](repeating: 0, count: rows * outputs)
        for row in 0..<rows {
            for column in 0..<outputs { product[row * outputs + column] = transposed[column * rows + row] + bias.data[column] }
        }
        return record(.linear, name, inputs: [x], attributes: ["weight": .string(weightName), "bias": .string(biasName)],
                      value: Tensor(shape: Array(input.shape.dropLast()) + [outputs], data: product)) { grad, inputValues, _ in
            [Tensor(shape: inputValues[0].shape, data: Matrix.multiply(grad.data, weight.data, m: rows, k: outputs, n: inputs))]
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
