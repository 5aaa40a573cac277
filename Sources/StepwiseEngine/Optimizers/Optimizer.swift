/// An update rule for parameters, with whatever state it carries from step to step
/// (momentum, Adam's moments), keyed by the parameter's name (`hidden/kernel`).
public protocol Optimizer: Sendable {
    /// The spec's optimizer type (`sgd`, `adam`).
    var type: String { get }
    /// Applies one update to `value` given its `gradient`, and returns the new value.
    /// Called once per parameter per step, in the model's parameter order; `step` is 1-based.
    mutating func update(_ name: String, value: Tensor, gradient: Tensor, step: Int) -> Tensor
}
