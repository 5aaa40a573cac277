import StepwiseTrace

/// How a window (a convolution kernel or a pool) covers the input image.
public enum Padding: String, CaseIterable, Sendable {
    /// No padding: only windows that lie wholly inside the image.
    case valid
    /// Zero padding so the output has ⌈in / stride⌉ rows and columns (TensorFlow's rule: the
    /// total is max((⌈in / s⌉ − 1)·s + k − in, 0), the odd pixel going to the bottom / right).
    case same
}

/// The geometry of a 2-D window sliding over a `[height, width]` image: sizes, strides,
/// padding on each side, and the output size. Shared by `conv2d` and the pools.
public struct Window2D: Equatable, Sendable {
    public let inputHeight: Int, inputWidth: Int
    public let windowHeight: Int, windowWidth: Int
    public let strideHeight: Int, strideWidth: Int
    public let padTop: Int, padBottom: Int, padLeft: Int, padRight: Int
    public let outputHeight: Int, outputWidth: Int

    /// The geometry of a `window [h, w]` moving by `strides [sh, sw]` over an `input [H, W]`
    /// image. With `.valid` the window must fit inside the image.
    public init(input: [Int], window: [Int], strides: [Int], padding: Padding) {
        precondition(input.count == 2 && window.count == 2 && strides.count == 2, "Window2D takes [height, width] pairs")
        precondition(window.allSatisfy { $0 > 0 } && strides.allSatisfy { $0 > 0 }, "window \(window) and strides \(strides) must be positive")
        (inputHeight, inputWidth) = (input[0], input[1])
        (windowHeight, windowWidth) = (window[0], window[1])
        (strideHeight, strideWidth) = (strides[0], strides[1])
        func along(_ size: Int, _ window: Int, _ stride: Int) -> (before: Int, after: Int, output: Int) {
            switch padding {
            case .valid:
                precondition(window <= size, "a valid window of \(window) does not fit in \(size)")
                return (0, 0, (size - window) / stride + 1)
            case .same:
                let output = (size + stride - 1) / stride
                let total = Swift.max((output - 1) * stride + window - size, 0)
                return (total / 2, total - total / 2, output)
            }
        }
        let vertical = along(inputHeight, windowHeight, strideHeight)
        let horizontal = along(inputWidth, windowWidth, strideWidth)
        (padTop, padBottom, outputHeight) = vertical
        (padLeft, padRight, outputWidth) = horizontal
    }

    /// The trace attributes describing this window: `strides` and `padding` as
    /// `[top, bottom, left, right]`, under the given name for the window size.
    func attributes(windowName: String) -> [String: AttributeValue] {
        [windowName: .ints([windowHeight, windowWidth]),
         "strides": .ints([strideHeight, strideWidth]),
         "pads": .ints([padTop, padBottom, padLeft, padRight])]
    }
}
