/// A spec's `optimizer`, with Keras's defaults for fields left out.
public enum OptimizerSpec: Equatable, Sendable {
    case sgd(learningRate: Double, momentum: Double, nesterov: Bool)
    case adam(learningRate: Double, beta1: Double, beta2: Double, epsilon: Double)

    public var type: String {
        switch self {
        case .sgd: return "sgd"
        case .adam: return "adam"
        }
    }

    /// A fresh optimizer, with no state yet.
    public func make() -> any Optimizer {
        switch self {
        case .sgd(let learningRate, let momentum, let nesterov):
            return SGD(learningRate: learningRate, momentum: momentum, nesterov: nesterov)
        case .adam(let learningRate, let beta1, let beta2, let epsilon):
            return Adam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon)
        }
    }

    static func read(_ field: SpecField) throws -> OptimizerSpec {
        let type = try field.object(allowed: ["type", "learning_rate", "momentum", "nesterov", "beta_1", "beta_2", "epsilon"])
            .required("type").choice(["sgd", "adam"])
        if type == "sgd" {
            let object = try field.object(allowed: ["type", "learning_rate", "momentum", "nesterov"])
            return .sgd(learningRate: try positive(object.optional("learning_rate")) ?? 0.01,
                        momentum: try fraction(object.optional("momentum")) ?? 0,
                        nesterov: try object.optional("nesterov")?.boolean() ?? false)
        }
        let object = try field.object(allowed: ["type", "learning_rate", "beta_1", "beta_2", "epsilon"])
        return .adam(learningRate: try positive(object.optional("learning_rate")) ?? 0.001,
                     beta1: try fraction(object.optional("beta_1")) ?? 0.9,
                     beta2: try fraction(object.optional("beta_2")) ?? 0.999,
                     epsilon: try positive(object.optional("epsilon")) ?? 1e-7)
    }

    private static func positive(_ field: SpecField?) throws -> Double? {
        guard let field else { return nil }
        let value = try field.number()
        guard value > 0 else { throw field.error("expected a positive number, found \(field.shown)") }
        return value
    }

    private static func fraction(_ field: SpecField?) throws -> Double? {
        guard let field else { return nil }
        let value = try field.number()
        guard value >= 0 && value < 1 else { throw field.error("expected a number in [0, 1), found \(field.shown)") }
        return value
    }
}
