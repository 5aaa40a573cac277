/// Training data: `inputs [n, …input_shape]` and `targets` (`[n, …output_shape]`, or `[n]`
/// class indices for the sparse loss), both with the samples along the leading axis.
public struct Dataset: Sendable {
    public let inputs: Tensor
    public let targets: Tensor

    public init(inputs: Tensor, targets: Tensor) {
        precondition(inputs.rank >= 1 && targets.rank >= 1 && inputs.shape[0] == targets.shape[0],
                     "inputs \(inputs.shape) and targets \(targets.shape) differ in sample count")
        self.inputs = inputs
        self.targets = targets
    }

    public var sampleCount: Int { inputs.shape[0] }

    /// The samples at `indices`, in that order.
    public func batch(_ indices: [Int]) -> (inputs: Tensor, targets: Tensor) {
        (inputs.rows(at: indices), targets.rows(at: indices))
    }
}
