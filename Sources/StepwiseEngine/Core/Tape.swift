import StepwiseTrace

/// The record of one forward pass, and reverse-mode differentiation over it.
///
/// Ops are methods on the tape (`Ops/`): each computes its forward value at once and hands the
/// tape its local backward rule, written beside it. Every op gets a scope name from the current
/// scope stack (`hidden` + `matmul` → `hidden/matmul`).
public final class Tape {
    /// Maps the gradient of an op's output to the gradients of its inputs, given the input
    /// values and the output value. Returns one gradient per input, shaped like that input.
    public typealias Backward = (_ outputGrad: Tensor, _ inputs: [Tensor], _ output: Tensor) -> [Tensor]
    /// A `Backward` told which inputs need a gradient (`needed[i]`), so it can skip the work for
    /// the others (a frozen weight's product); it returns nil for those.
    public typealias SelectiveBackward = (_ outputGrad: Tensor, _ inputs: [Tensor], _ output: Tensor, _ needed: [Bool]) -> [Tensor?]

    struct Node {
        var kind: OpKind
        var scope: String
        var inputs: [Int]
        var attributes: [String: AttributeValue]
        var value: Tensor
        /// True when some leaf that wants a gradient (an input or parameter) feeds this node.
        var needsGrad: Bool
        /// nil for leaves, and for ops that have no derivative.
        var backward: SelectiveBackward?
        /// True when each number of every input gradient the backward gives is a number of the
        /// output's gradient or 0 (or 0 + one), so a finite output gradient gives finite ones.
        var picksGradients = false
    }

    private(set) var nodes: [Node] = []
    private var scopeStack: [String] = []
    /// Scope of the first op whose forward value was NaN or infinite.
    public private(set) var firstNonFiniteForward: String?
    /// Scope of the first record, from the loss backwards, whose gradient in the last
    /// `gradients(of:)` was NaN or infinite (checked as each gradient is completed, while it
    /// is still in cache).
    public private(set) var firstNonFiniteGradient: String?

    public init() {}

    // MARK: Scopes

    /// Runs `body` with `name` pushed onto the scope stack.
    public func scoped<Result>(_ name: String, _ body: () throws -> Result) rethrows -> Result {
        scopeStack.append(name)
        defer { scopeStack.removeLast() }
        return try body()
    }

    private func scopeName(_ name: String) -> String {
        scopeStack.isEmpty ? name : scopeStack.joined(separator: "/") + "/" + name
    }

    // MARK: Leaves

    /// The batch input; it gets a gradient when `differentiable` (false for integer token ids).
    public func input(_ value: Tensor, name: String = "input", differentiable: Bool = true) -> Variable {
        leaf(.input, name, value, needsGrad: differentiable)
    }

    /// A parameter; it gets a gradient unless it is `frozen` (a GAN's discriminator during the
    /// generator's update, which changes only the generator).
    public func parameter(_ value: Tensor, name: String, frozen: Bool = false) -> Variable {
        leaf(.parameter, name, value, needsGrad: !frozen)
    }

    /// A fixed value such as the loss's targets; it gets no gradient.
    public func constant(_ value: Tensor, name: String) -> Variable {
        leaf(.constant, name, value, needsGrad: false)
    }

    private func leaf(_ kind: OpKind, _ name: String, _ value: Tensor, needsGrad: Bool) -> Variable {
        append(Node(kind: kind, scope: scopeName(name), inputs: [], attributes: [:], value: value,
                    needsGrad: needsGrad, backward: nil))
    }

    // MARK: Recording

    /// The forward value of `variable`.
    public func value(_ variable: Variable) -> Tensor { nodes[variable.id].value }

    /// The scope name of `variable`.
    public func scope(of variable: Variable) -> String { nodes[variable.id].scope }

    /// Records an op: its kind, local name, inputs, attributes, forward value and backward rule.
    /// Pass `backward: nil` only for an op that has no derivative.
    /// `finite`, when given, is whether every number of `value` is finite, as the op found while
    /// computing them (so the tape does not read them all again to check).
    /// `picksGradients`: each number of the input gradients `backward` gives is a number of the
    /// output's gradient or 0 (or 0 plus one), so they are not checked for NaN and infinities
    /// again when the output's gradient was finite.
    func record(
        _ kind: OpKind, _ name: String, inputs: [Variable], attributes: [String: AttributeValue] = [:],
        value: Tensor, finite: Bool? = nil, picksGradients: Bool = false, backward: Backward?
    ) -> Variable {
        let selective = backward.map { backward -> SelectiveBackward in { grad, inputs, output, _ in backward(grad, inputs, output) } }
        return recordSelective(kind, name, inputs: inputs, attributes: attributes, value: value, finite: finite,
                               picksGradients: picksGradients, backward: selective)
    }

    /// Records an op whose backward skips the inputs that need no gradient.
    func recordSelective(
        _ kind: OpKind, _ name: String, inputs: [Variable], attributes: [String: AttributeValue] = [:],
        value: Tensor, finite: Bool? = nil, picksGradients: Bool = false, backward: SelectiveBackward?
    ) -> Variable {
        precondition(!kind.isLeaf, "\(kind) is a leaf, not an op")
        let needsGrad = inputs.contains { nodes[$0.id].needsGrad }
        return append(Node(kind: kind, scope: scopeName(name), inputs: inputs.map(\.id), attributes: attributes,
                           value: value, needsGrad: needsGrad, backward: backward, picksGradients: picksGradients),
                      finite: finite)
    }

    private func append(_ node: Node, finite: Bool? = nil) -> Variable {
        // While no value so far is NaN or infinite, an op that only picks, moves or negates its
        // inputs' numbers cannot make one: its check is skipped.
        if firstNonFiniteForward == nil, !node.kind.keepsNumbersFinite,
           !(finite ?? (node.value.firstNonFiniteIndex == nil)) {
            firstNonFiniteForward = node.scope
        }
        nodes.append(node)
        return Variable(id: nodes.count - 1)
    }

    // MARK: Backward

    /// Reverse-mode differentiation from the scalar `loss`: the gradient of the loss with respect
    /// to every recorded value that it depends on differentiably, indexed by `Variable.id`
    /// (nil for the others).
    public func gradients(of loss: Variable) -> [Tensor?] {
        precondition(nodes[loss.id].value.count == 1, "gradients of a non-scalar \(nodes[loss.id].scope)")
        var grads = [Tensor?](repeating: nil, count: nodes.count)
        grads[loss.id] = Tensor(shape: nodes[loss.id].value.shape, repeating: 1)
        // Gradients known to be finite without reading them: an already checked gradient's very
        // numbers (passed through by an add, a reshape, an identity), or numbers picked from a
        // finite one (by a ReLU's or a max pool's backward).
        var knownFinite = [Bool](repeating: false, count: nodes.count)
        firstNonFiniteGradient = nil
        for id in stride(from: loss.id, through: 0, by: -1) {
            let node = nodes[id]
            // Every consumer of this record comes later on the tape: its gradient is complete.
            if firstNonFiniteGradient == nil, !knownFinite[id], grads[id]?.firstNonFiniteIndex != nil {
                firstNonFiniteGradient = node.scope
            }
            guard let outputGrad = grads[id], node.needsGrad, !node.kind.isLeaf else { continue }
            guard let backward = node.backward else {
                preconditionFailure("op \(node.kind.rawValue) (\(node.scope)) has no derivative")
            }
            let inputValues = node.inputs.map { nodes[$0].value }
            let needed = node.inputs.map { nodes[$0].needsGrad }
            let inputGrads = backward(outputGrad, inputValues, node.value, needed)
            precondition(inputGrads.count == node.inputs.count, "\(node.kind) backward returned \(inputGrads.count) gradients")
            for (position, inputID) in node.inputs.enumerated() where needed[position] {
                guard let grad = inputGrads[position] else { preconditionFailure("\(node.kind) backward skipped a needed gradient") }
                precondition(grad.shape == nodes[inputID].value.shape,
                              "\(node.kind) backward gave shape \(grad.shape) for input of shape \(nodes[inputID].value.shape)")
                if let existing = grads[inputID] {
                    grads[inputID] = existing.zip(grad, +)
                    knownFinite[inputID] = false
                } else {
                    grads[inputID] = grad
                    // This record's gradient is finite here unless one was found not to be.
                    knownFinite[inputID] = grad.sharesNumbers(with: outputGrad)
                        || (node.picksGradients && firstNonFiniteGradient == nil)
                }
            }
        }
        return grads
    }

    // MARK: Trace

    /// Every node as a trace record, with its gradient from `grads`.
    public func records(gradients grads: [Tensor?]) -> [OpRecord] {
        nodes.indices.map { id in
            let node = nodes[id]
            return OpRecord(id: id, op: node.kind.rawValue, scope: node.scope, inputs: node.inputs,
                            attributes: node.attributes, value: node.value.traceValue,
                            grad: grads[id]?.traceValue)
        }
    }
}
