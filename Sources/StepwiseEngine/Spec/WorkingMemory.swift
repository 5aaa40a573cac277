import Foundation

/// A run's working memory, estimated from the spec's shapes before anything is allocated: the
/// data set, the parameters (value, gradient, update and optimizer state), and for one batch
/// every value the tape records and its gradient — T×T attention scores and weights per head,
/// an LSTM's gates at every time step included; and a convolution's scratch patches (not kept,
/// made a sample at a time: one sample's for each of two threads).
///
/// Counted in Doubles (8 bytes each) and in floating point, so no estimate overflows; it is a
/// lower bound of the right size, not an exact count.
public struct WorkingMemory: Equatable, Sendable {
    /// Bytes the run is estimated to need.
    public let bytes: Double
    /// The layer whose recorded values weigh the most (its index), for the error to name.
    public let largestLayer: Int?

    /// Without `--allow-large`, a run may need at most this much (2 GiB).
    public static let limitBytes: Double = 2 * 1_073_741_824

    /// Even with `--allow-large`, a run may need at most three quarters of the machine's memory.
    public static var machineCeilingBytes: Double {
        Double(ProcessInfo.processInfo.physicalMemory) * 0.75
    }

    /// The estimate for `layers` on one sample's `inputShape`, `samples` samples of data held at
    /// once with targets of `targetNumbers` each, and batches of `batchSize`.
    static func estimate(layers: [any Layer], inputShape: [Int], parameterCount: Int, samples: Int,
                         targetNumbers: Int, batchSize: Int) -> WorkingMemory {
        let batch = Double(min(batchSize, samples))
        var perSample = 0.0, scratch = 0.0
        var largest: (index: Int, numbers: Double)?
        var shape = inputShape
        for (index, layer) in layers.enumerated() {
            let output = layer.outputShape(for: shape)
            let numbers = recordedNumbers(layer, input: shape, output: output)
            let layerScratch = scratchNumbers(layer, input: shape, output: output)
            perSample += numbers
            scratch = max(scratch, layerScratch)
            let weight = 2 * batch * numbers + 2 * layerScratch
            if weight > (largest?.numbers ?? -1) { largest = (index, weight) }
            shape = output
        }
        perSample += 4 * count(shape) + count(inputShape)  // the loss's ops, and the batch itself
        let numbers = 2 * batch * perSample                           // values and their gradients
            + 2 * scratch                                              // one sample's patches per thread
            + Double(samples) * (count(inputShape) + Double(targetNumbers))  // the data set
            + 6 * Double(parameterCount)                               // value, gradient, update, state, trace copies
        return WorkingMemory(bytes: 8 * numbers, largestLayer: largest?.index)
    }

    /// Numbers of scratch space one sample of `layer` needs while it runs: a convolution's patches
    /// (`H'·W'` rows of `kh·kw·C`); none for the other layers.
    private static func scratchNumbers(_ layer: any Layer, input: [Int], output: [Int]) -> Double {
        guard let conv = layer as? Conv2D else { return 0 }
        return Double(output[0]) * Double(output[1]) * count(conv.kernelSize) * Double(input.last ?? 1)
    }

    /// Numbers one sample of `layer` records on the tape (values only; gradients double them).
    private static func recordedNumbers(_ layer: any Layer, input: [Int], output: [Int]) -> Double {
        let (inputs, outputs) = (count(input), count(output))
        switch layer {
        case is Dense:
            return 3 * outputs                                   // matmul, bias_add, activation
        case is Conv2D:
            return 3 * outputs                                   // convolution, bias_add, activation
        case is Pool2D, is Flatten, is PositionalEncoding:
            return 2 * outputs
        case let lstm as LSTM:
            let time = Double(input.first ?? 1), features = Double(input.last ?? 1), units = Double(lstm.units)
            return time * (features + 30 * units) + outputs      // every gate, cell and hidden state
        case let attention as MultiHeadAttention:
            let time = Double(input.first ?? 1), model = Double(input.last ?? 1)
            let heads = Double(attention.numHeads), keyDim = Double(attention.keyDim)
            let projections = 6 * time * heads * keyDim          // query, key, value: matmul and bias_add
            let perHead = 4 * time * keyDim                      // slices and context
                + (attention.causal ? 4 : 3) * time * time       // dot products, scores, (masked), weights
            return projections + heads * perHead + time * heads * keyDim + 2 * time * model
        case is LayerNorm:
            return 10 * inputs
        case is Embedding:
            return inputs + outputs
        default:
            return 4 * (inputs + outputs)
        }
    }

    private static func count(_ shape: [Int]) -> Double {
        shape.reduce(1.0) { $0 * Double($1) }
    }

    /// `1.5 GB`, `640 MB`: decimal units, two significant digits at most.
    public static func spelled(_ bytes: Double) -> String {
        let units: [(Double, String)] = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
        for (size, name) in units where bytes >= size {
            let value = bytes / size
            return (value >= 10 ? String(Int(value.rounded())) : String(format: "%.1f", value)) + " " + name
        }
        return "\(Int(bytes)) bytes"
    }
}
