import StepwiseTrace

/// A 2-D convolution layer, as Keras's `Conv2D` (channels-last):
/// `activation(conv2d(input, kernel) + bias)`.
///
/// `input [batch, H, W, C]`, `kernel [kh, kw, C, filters]`, `bias [filters]` →
/// `[batch, H', W', filters]`, where H' = ⌈(H − kh + 1) / sh⌉ with `valid` padding and ⌈H / sh⌉
/// with `same` (likewise W'). Scopes: `<name>/convolution`, `<name>/bias_add`,
/// `<name>/activation`; parameters `<name>/kernel`, `<name>/bias`.
public struct Conv2D: Layer {
    public let name: String
    public let filters: Int
    /// `[kh, kw]`.
    public let kernelSize: [Int]
    /// `[sh, sw]`.
    public let strides: [Int]
    public let padding: Padding
    public let activation: Activation
    public let regularizer: Regularizer?

    public init(
        name: String, filters: Int, kernelSize: [Int], strides: [Int] = [1, 1], padding: Padding = .valid,
        activation: Activation = .linear, regularizer: Regularizer? = nil
    ) {
        precondition(filters > 0, "Conv2D filters must be positive")
        precondition(kernelSize.count == 2 && kernelSize.allSatisfy { $0 > 0 }, "Conv2D kernelSize must be two positive sizes")
        precondition(strides.count == 2 && strides.allSatisfy { $0 > 0 }, "Conv2D strides must be two positive steps")
        self.name = name
        self.filters = filters
        self.kernelSize = kernelSize
        self.strides = strides
        self.padding = padding
        self.activation = activation
        self.regularizer = regularizer
    }

    public var type: String { "conv2d" }

    public var config: [String: AttributeValue] {
        ["filters": .int(filters), "kernel_size": .ints(kernelSize), "strides": .ints(strides),
         "padding": .string(padding.rawValue), "activation": .string(activation.rawValue)]
    }

    /// The window geometry over one sample's `inputShape [H, W, C]`.
    func window(for inputShape: [Int]) -> Window2D {
        precondition(inputShape.count == 3, "Conv2D needs an input of shape [height, width, channels], found \(inputShape)")
        return Window2D(input: Array(inputShape.prefix(2)), window: kernelSize, strides: strides, padding: padding)
    }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        let window = window(for: inputShape)
        return [window.outputHeight, window.outputWidth, filters]
    }

    public func parameterShapes(for inputShape: [Int]) -> [(name: String, shape: [Int])] {
        [("kernel", kernelSize + [inputShape.last ?? 0, filters]), ("bias", [filters])]
    }

    /// Glorot-uniform kernel with fan-in kh·kw·C and fan-out kh·kw·filters (Keras's rule for
    /// convolutions); zero bias.
    public func initialValue(for name: String, shape: [Int], random: inout SeededRandom) -> Tensor {
        guard name == "kernel" else { return Tensor.zeros(shape) }
        let receptiveField = shape[0] * shape[1]
        return glorotUniform(shape: shape, fanIn: receptiveField * shape[2], fanOut: receptiveField * shape[3], random: &random)
    }

    public func callAsFunction(_ input: Variable, parameters: [String: Variable], on tape: Tape) -> Variable {
        tape.scoped(name) {
            // The convolution, the bias and a ReLU image by image (the same three records).
            let shifted = tape.conv2dAddingBias(input, parameters["kernel"]!, parameters["bias"]!, strides: strides,
                                                padding: padding, relu: activation == .relu,
                                                names: ("convolution", "bias_add", "activation"))
            return activation == .relu ? shifted : activation.apply(shifted, on: tape)
        }
    }
}
