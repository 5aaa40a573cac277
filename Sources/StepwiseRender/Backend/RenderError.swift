/// Why a figure could not be rendered, compared or decoded.
public enum RenderError: Error, CustomStringConvertible, Equatable {
    /// A Cairo call reported a status other than success.
    case cairo(operation: String, status: String)
    /// libpng could not encode or decode an image.
    case png(String)
    /// A figure asked for something the data does not hold (a missing scope, a wrong shape).
    case invalidInput(String)

    public var description: String {
        switch self {
        case .cairo(let operation, let status): return "cairo: \(operation): \(status)"
        case .png(let message): return "png: \(message)"
        case .invalidInput(let message): return message
        }
    }
}
