import Foundation

extension Tape {
    /// GELU in its exact (erf) form, as BERT's `hidden_act: "gelu"`:
    /// y = x·Φ(x) = ½x(1 + erf(x/√2)).  dy/dx = Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π). Any shape.
    public func gelu(_ x: Variable, _ name: String = "gelu") -> Variable {
        record(.gelu, name, inputs: [x], value: value(x).map(Tape.gelu)) { grad, inputs, _ in
            [grad.zip(inputs[0]) { g, x in g * Tape.geluDerivative(x) }]
        }
    }

    static func gelu(_ x: Double) -> Double {
        0.5 * x * (1 + erf(x / 2.0.squareRoot()))
    }

    static func geluDerivative(_ x: Double) -> Double {
        let cdf = 0.5 * (1 + erf(x / 2.0.squareRoot()))
        let density = Foundation.exp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
        return cdf + x * density
    }
}
