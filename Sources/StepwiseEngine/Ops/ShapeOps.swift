import StepwiseTrace

/// Ops that move numbers without arithmetic: cutting a range out of one axis, joining tensors
/// along an axis, taking one index of an axis (a time step) and stacking tensors along a new
/// axis. Each backward puts every gradient number back where its value came from.
///
/// An `axis` counts from the front when ≥ 0 and from the back when negative (−1 is the last
/// axis), as in NumPy; the trace's `axis` attribute is the number as passed.
extension Tape {
    /// `x[…, start..<end, …]` along `axis`, keeping the rank: the LSTM's gate blocks and the
    /// attention heads' columns.  Backward: the gradient in the range, zero elsewhere.
    public func slice(_ x: Variable, axis: Int, _ range: Range<Int>, _ name: String = "slice") -> Variable {
        let input = value(x)
        let layout = AxisLayout(input.shape, axis: axis)
        precondition(range.lowerBound >= 0 && range.upperBound <= layout.length, "slice \(range) of axis \(axis) in shape \(input.shape)")
        var shape = input.shape
        shape[layout.axis] = range.count
        let result = layout.copyBlocks(from: input.data, sourceLength: layout.length, sourceStart: range.lowerBound,
                                       intoLength: range.count, at: 0, count: range.count)
        return record(.slice, name, inputs: [x], attributes: ["axis": .int(axis), "start": .int(range.lowerBound), "end": .int(range.upperBound)],
                      value: Tensor(shape: shape, data: result)) { grad, inputs, _ in
            let back = layout.copyBlocks(from: grad.data, sourceLength: range.count, sourceStart: 0,
                                         intoLength: layout.length, at: range.lowerBound, count: range.count)
            return [Tensor(shape: inputs[0].shape, data: back)]
        }
    }

    /// The tensors `parts` joined along `axis`; their shapes agree on every other axis: the
    /// attention heads' contexts side by side.  Backward: each part gets its range of the gradient.
    public func concat(_ parts: [Variable], axis: Int, _ name: String = "concat") -> Variable {
        precondition(!parts.isEmpty, "concat of nothing")
        let values = parts.map { value($0) }
        let first = AxisLayout(values[0].shape, axis: axis)
        let lengths = values.map { $0.shape[first.axis] }
        for part in values {
            var (shape, expected) = (part.shape, values[0].shape)
            precondition(shape.count == expected.count, "concat of shapes \(values.map(\.shape)) along axis \(axis)")
            (shape[first.axis], expected[first.axis]) = (0, 0)
            precondition(shape == expected, "concat of shapes \(values.map(\.shape)) along axis \(axis)")
        }
        let total = lengths.reduce(0, +)
        var shape = values[0].shape
        shape[first.axis] = total
        let layout = AxisLayout(shape, axis: axis)
        var result = [Double](repeating: 0, count: shape.reduce(1, *))
        var offset = 0
        for (part, length) in zip(values, lengths) {
            layout.copyBlocks(from: part.data, sourceLength: length, sourceStart: 0,
                              intoLength: total, at: offset, count: length, into: &result)
            offset += length
        }
        return record(.concat, name, inputs: parts, attributes: ["axis": .int(axis)],
                      value: Tensor(shape: shape, data: result)) { grad, inputs, _ in
            var offset = 0
            return inputs.map { input in
                let length = input.shape[layout.axis]
                defer { offset += length }
                return Tensor(shape: input.shape,
                              data: layout.copyBlocks(from: grad.data, sourceLength: total, sourceStart: offset,
                                                      intoLength: length, at: 0, count: length))
            }
        }
    }

    /// `x[…, index, …]`: one index of `axis`, which disappears from the shape (time step t of a
    /// sequence `[batch, T, F]` is `select(x, axis: 1, index: t − 1)` → `[batch, F]`).
    /// Backward: the gradient at that index, zero at the others.
    public func select(_ x: Variable, axis: Int, index: Int, _ name: String = "select") -> Variable {
        let input = value(x)
        let layout = AxisLayout(input.shape, axis: axis)
        precondition(index >= 0 && index < layout.length, "select index \(index) of axis \(axis) in shape \(input.shape)")
        var shape = input.shape
        shape.remove(at: layout.axis)
        let result = layout.copyBlocks(from: input.data, sourceLength: layout.length, sourceStart: index,
                                       intoLength: 1, at: 0, count: 1)
        return record(.select, name, inputs: [x], attributes: ["axis": .int(axis), "index": .int(index)],
                      value: Tensor(shape: shape, data: result)) { grad, inputs, _ in
            [Tensor(shape: inputs[0].shape,
                    data: layout.copyBlocks(from: grad.data, sourceLength: 1, sourceStart: 0,
                                            intoLength: layout.length, at: index, count: 1))]
        }
    }

    /// The same-shaped tensors `parts` stacked along a new axis at position `axis` (an LSTM's
    /// hidden states `[batch, units]` → the sequence `[batch, T, units]` with `axis` 1).
    /// Backward: part j gets the gradient at index j of that axis.
    public func stack(_ parts: [Variable], axis: Int, _ name: String = "stack") -> Variable {
        precondition(!parts.isEmpty, "stack of nothing")
        let values = parts.map { value($0) }
        precondition(values.allSatisfy { $0.shape == values[0].shape }, "stack of shapes \(values.map(\.shape))")
        var shape = values[0].shape
        let position = axis < 0 ? shape.count + 1 + axis : axis
        precondition(position >= 0 && position <= shape.count, "stack axis \(axis) for shape \(values[0].shape)")
        shape.insert(values.count, at: position)
        let layout = AxisLayout(shape, axis: position)
        var result = [Double](repeating: 0, count: shape.reduce(1, *))
        for (index, part) in values.enumerated() {
            layout.copyBlocks(from: part.data, sourceLength: 1, sourceStart: 0,
                              intoLength: values.count, at: index, count: 1, into: &result)
        }
        return record(.stack, name, inputs: parts, attributes: ["axis": .int(axis)],
                      value: Tensor(shape: shape, data: result)) { grad, inputs, _ in
            inputs.indices.map { index in
                Tensor(shape: inputs[index].shape,
                       data: layout.copyBlocks(from: grad.data, sourceLength: values.count, sourceStart: index,
                                               intoLength: 1, at: 0, count: 1))
            }
        }
    }
}

/// A shape seen as `[outer, length, inner]` around one axis: row-major data is `outer` blocks,
/// each holding `length` runs of `inner` contiguous numbers.
struct AxisLayout {
    let axis: Int
    let outer: Int
    let length: Int
    let inner: Int

    init(_ shape: [Int], axis: Int) {
        let resolved = axis < 0 ? shape.count + axis : axis
        precondition(resolved >= 0 && resolved < shape.count, "axis \(axis) out of range for shape \(shape)")
        self.axis = resolved
        outer = shape[..<resolved].reduce(1, *)
        length = shape[resolved]
        inner = shape[(resolved + 1)...].reduce(1, *)
    }

    /// Copies, in each outer block, `count` runs starting at run `sourceStart` of a source with
    /// `sourceLength` runs per block, to run `at` of `destination`, which has `intoLength` runs
    /// per block.
    func copyBlocks(
        from source: [Double], sourceLength: Int, sourceStart: Int,
        intoLength: Int, at destinationStart: Int, count: Int, into destination: inout [Double]
    ) {
        let run = count * inner
        source.withUnsafeBufferPointer { source in
            destination.withUnsafeMutableBufferPointer { destination in
                for block in 0..<outer {
                    let from = (block * sourceLength + sourceStart) * inner
                    let to = (block * intoLength + destinationStart) * inner
                    for offset in 0..<run { destination[to + offset] = source[from + offset] }
                }
            }
        }
    }

    /// The same copy into fresh zeros: `outer × intoLength × inner` numbers.
    func copyBlocks(
        from source: [Double], sourceLength: Int, sourceStart: Int, intoLength: Int, at destinationStart: Int, count: Int
    ) -> [Double] {
        var result = [Double](repeating: 0, count: outer * intoLength * inner)
        copyBlocks(from: source, sourceLength: sourceLength, sourceStart: sourceStart,
                   intoLength: intoLength, at: destinationStart, count: count, into: &result)
        return result
    }
}
