import StepwiseTrace

/// A long short-term memory layer (Hochreiter and Schmidhuber 1997, with a forget gate), as
/// Keras's `LSTM`: zero initial state, sigmoid gates, tanh candidate and cell output.
///
/// `input [batch, T, features]`, `kernel [features, 4·units]`, `recurrent_kernel [units, 4·units]`,
/// `bias [4·units]`, the four column blocks in the order i, f, c, o. For t = 1…T:
///
///     z_t = x_t·kernel + h_{t−1}·recurrent_kernel + bias
///     i = σ(z_i)   f = σ(z_f)   c̃ = tanh(z_c)   o = σ(z_o)
///     c_t = f ⊙ c_{t−1} + i ⊙ c̃        h_t = o ⊙ tanh(c_t)
///
/// Output `h_T [batch, units]`, or every `h_t` stacked, `[batch, T, units]`, with
/// `returnSequences`. Scopes, every step t (1-based) under `<name>/t<t>/`: `input`,
/// `input_projection`, `recurrent_projection`, `projections`, `preactivation`, the gate blocks'
/// `*_preactivation`, `input_gate`, `forget_gate`, `candidate`, `output_gate`, `kept_cell`,
/// `written_cell`, `cell`, `cell_tanh`, `hidden`; before them `<name>/initial_hidden` and
/// `<name>/initial_cell` (zeros); after them `<name>/sequence` with `returnSequences`.
public struct LSTM: Layer {
    public let name: String
    public let units: Int
    public let returnSequences: Bool
    public let regularizer: Regularizer?

    public init(name: String, units: Int, returnSequences: Bool = false, regularizer: Regularizer? = nil) {
        precondition(units > 0, "LSTM units must be positive")
        self.name = name
        self.units = units
        self.returnSequences = returnSequences
        self.regularizer = regularizer
    }

    public var type: String { "lstm" }

    public var config: [String: AttributeValue] {
        ["units": .int(units), "return_sequences": .bool(returnSequences)]
    }

    /// `[T, units]` with `returnSequences`, else `[units]`, for an input `[T, features]`.
    public func outputShape(for inputShape: [Int]) -> [Int] {
        returnSequences ? [inputShape[0], units] : [units]
    }

    public func parameterShapes(for inputShape: [Int]) -> [(name: String, shape: [Int])] {
        [("kernel", [inputShape.last ?? 0, 4 * units]), ("recurrent_kernel", [units, 4 * units]), ("bias", [4 * units])]
    }

    /// `kernel`: Glorot-uniform (fan in = features, fan out = 4·units), as Keras.
    /// `recurrent_kernel`: orthogonal rows, as Keras's `Orthogonal` (gain 1), drawn from the seed.
    /// `bias`: zeros except the forget block, which is 1 (Keras's `unit_forget_bias`).
    public func initialValue(for name: String, shape: [Int], random: inout SeededRandom) -> Tensor {
        switch name {
        case "kernel":
            return glorotUniform(shape: shape, fanIn: shape[0], fanOut: shape[1], random: &random)
        case "recurrent_kernel":
            return orthogonal(rows: shape[0], columns: shape[1], random: &random)
        default:
            var bias = Tensor.zeros(shape)
            for index in units..<(2 * units) { bias.data[index] = 1 }
            return bias
        }
    }

    /// The four gate blocks in Keras's column order.
    static let gates: [(name: String, activation: Activation)] = [
        ("input_gate", .sigmoid), ("forget_gate", .sigmoid), ("candidate", .tanh), ("output_gate", .sigmoid),
    ]

    public func callAsFunction(_ input: Variable, parameters: [String: Variable], on tape: Tape) -> Variable {
        let shape = tape.value(input).shape
        precondition(shape.count == 3, "\(name): LSTM input must be [batch, T, features], found \(shape)")
        let (batch, steps) = (shape[0], shape[1])
        precondition(steps > 0, "\(name): LSTM input has no time steps")
        let kernel = parameters["kernel"]!, recurrentKernel = parameters["recurrent_kernel"]!, bias = parameters["bias"]!
        return tape.scoped(name) {
            var hidden = tape.constant(Tensor.zeros([batch, units]), name: "initial_hidden")
            var cell = tape.constant(Tensor.zeros([batch, units]), name: "initial_cell")
            var sequence: [Variable] = []
            for t in 1...steps {
                tape.scoped("t\(t)") {
                    let x = tape.select(input, axis: 1, index: t - 1, "input")
                    let projections = tape.add(tape.matmul(x, kernel, "input_projection"),
                                               tape.matmul(hidden, recurrentKernel, "recurrent_projection"), "projections")
                    let z = tape.add(projections, bias, "preactivation")
                    let gate = LSTM.gates.enumerated().map { block, gate in
                        let part = tape.slice(z, axis: -1, (block * units)..<((block + 1) * units), "\(gate.name)_preactivation")
                        return gate.activation == .sigmoid ? tape.sigmoid(part, gate.name) : tape.tanh(part, gate.name)
                    }
                    let kept = tape.multiply(gate[1], cell, "kept_cell")
                    let written = tape.multiply(gate[0], gate[2], "written_cell")
                    cell = tape.add(kept, written, "cell")
                    hidden = tape.multiply(gate[3], tape.tanh(cell, "cell_tanh"), "hidden")
                }
                sequence.append(hidden)
            }
            return returnSequences ? tape.stack(sequence, axis: 1, "sequence") : hidden
        }
    }
}

/// A `[rows, columns]` matrix with orthonormal rows (or columns, when there are fewer columns),
/// as Keras's `Orthogonal` initializer: a matrix of standard normal numbers from `random`,
/// orthonormalised by modified Gram–Schmidt (run twice for accuracy), which is its QR
/// decomposition's Q with the signs Keras uses (R's diagonal positive).
public func orthogonal(rows: Int, columns: Int, random: inout SeededRandom) -> Tensor {
    // Orthonormalise the `short` vectors of length `long`, then lay them out as rows or columns.
    let (long, short) = (Swift.max(rows, columns), Swift.min(rows, columns))
    var vectors = (0..<short).map { _ in (0..<long).map { _ in random.normal() } }
    for index in 0..<short {
        for _ in 0..<2 {
            for earlier in 0..<index {
                var dot = 0.0
                for position in 0..<long { dot += vectors[earlier][position] * vectors[index][position] }
                for position in 0..<long { vectors[index][position] -= dot * vectors[earlier][position] }
            }
        }
        let norm = vectors[index].reduce(0) { $0 + $1 * $1 }.squareRoot()
        for position in 0..<long { vectors[index][position] /= norm }
    }
    var data = [Double](repeating: 0, count: rows * columns)
    for vector in 0..<short {
        for position in 0..<long {
            // More columns than rows: vector = row. Otherwise vector = column.
            if columns >= rows { data[vector * columns + position] = vectors[vector][position] }
            else { data[position * columns + vector] = vectors[vector][position] }
        }
    }
    return Tensor(shape: [rows, columns], data: data)
}
