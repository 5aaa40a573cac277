/// Elementwise ops of two inputs with NumPy broadcasting (`[batch, units] + [units]`).
/// The backward of a broadcast input sums the gradient over the axes it was stretched along.
extension Tape {
    /// a + b.
    public func add(_ a: Variable, _ b: Variable, _ name: String = "add") -> Variable {
        add(a, b, name, computed: nil)
    }

    /// a + b, its value (and whether it is all finite) `computed` already, or computed here when nil.
    func add(_ a: Variable, _ b: Variable, _ name: String, computed: (value: Tensor, finite: Bool)?) -> Variable {
        broadcasting(.add, name, a, b, +, lanes: +, readsInputs: false, computed: computed) { grad, _, _ in (grad, grad) }
    }

    /// a − b.
    public func subtract(_ a: Variable, _ b: Variable, _ name: String = "subtract") -> Variable {
        broadcasting(.subtract, name, a, b, -, lanes: -, readsInputs: false) { grad, _, _ in (grad, grad.map { -$0 }) }
    }

    /// a · b, elementwise.
    public func multiply(_ a: Variable, _ b: Variable, _ name: String = "multiply") -> Variable {
        broadcasting(.multiply, name, a, b, *, lanes: *) { grad, a, b in
            (grad.zip(b, *), grad.zip(a, *))
        }
    }

    /// a / b, elementwise.
    public func divide(_ a: Variable, _ b: Variable, _ name: String = "divide") -> Variable {
        broadcasting(.divide, name, a, b, /, lanes: /) { grad, a, b in
            (grad.zip(b, /), grad.zip(Tensor(shape: a.shape, data: zipData(a, b) { a, b in -a / (b * b) }), *))
        }
    }

    /// Records a broadcasting binary op. `local` gets the output gradient and both inputs
    /// expanded to the output shape, and returns both gradients at that shape; they are then
    /// summed back onto each input's own shape. `lanes` is `forward` on eight pairs at once.
    /// When `readsInputs` is false, `local` ignores the inputs and gets empty tensors instead of
    /// expanded copies. A value `computed` by the caller (with its finiteness) is recorded as it is.
    private func broadcasting(
        _ kind: OpKind, _ name: String, _ a: Variable, _ b: Variable,
        _ forward: (Double, Double) -> Double, lanes: (SIMD8<Double>, SIMD8<Double>) -> SIMD8<Double>,
        readsInputs: Bool = true, computed: (value: Tensor, finite: Bool)? = nil,
        local: @escaping (_ grad: Tensor, _ a: Tensor, _ b: Tensor) -> (Tensor, Tensor)
    ) -> Variable {
        let (aValue, bValue) = (value(a), value(b))
        guard let shape = Broadcasting.shape(aValue.shape, bValue.shape) else {
            preconditionFailure("\(kind) of incompatible shapes \(aValue.shape) and \(bValue.shape)")
        }
        precondition(computed.map { $0.value.shape == shape } ?? true, "\(kind) computed with the wrong shape")
        let result = computed?.value ?? Broadcasting.combine(aValue, bValue, to: shape, forward, lanes: lanes)
        return record(kind, name, inputs: [a, b], value: result, finite: computed?.finite) { grad, inputs, _ in
            let expandedA = readsInputs ? Broadcasting.expand(inputs[0], to: grad.shape) : Tensor.zeros([0])
            let expandedB = readsInputs ? Broadcasting.expand(inputs[1], to: grad.shape) : Tensor.zeros([0])
            let (gradA, gradB) = local(grad, expandedA, expandedB)
            return [Broadcasting.reduce(gradA, to: inputs[0].shape), Broadcasting.reduce(gradB, to: inputs[1].shape)]
        }
    }
}

/// Combines the numbers of two same-shaped tensors.
private func zipData(_ a: Tensor, _ b: Tensor, _ combine: (Double, Double) -> Double) -> [Double] {
    a.zip(b, combine).data
}
