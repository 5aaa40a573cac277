/// One parameter across one training step: its value before the update, the gradient of the
/// step's total loss with respect to it, and its value after the optimizer's update.
public struct ParamRecord: Codable, Equatable, Sendable {
    public var before: TensorValue
    public var grad: TensorValue
    public var after: TensorValue

    public init(before: TensorValue, grad: TensorValue, after: TensorValue) {
        self.before = before
        self.grad = grad
        self.after = after
    }
}
