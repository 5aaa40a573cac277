import Foundation
import StepwiseTrace
import Testing
@testable import StepwiseEngine

/// The attention and embedding Keras references, while this branch has no `flatten` layer.
///
/// Those reference specs end in `flatten` → `dense`; `flatten` comes from the CNN work on another
/// branch, so `KerasReferenceTests` records them as known issues here. This suite builds the
/// same models directly, with a test-only stand-in for `flatten` (a reshape to
/// `[batch, product of the rest]`), and checks them against the same expected files at the same
/// tolerance. Once the engine reads `flatten`, `KerasReferenceTests` runs these specs itself and
/// this suite steps aside (and can be deleted).
@Suite struct SequenceReferenceTests {
    static let specNames = ["attention-basic", "attention-causal-uneven", "embedding-attention"]

    /// `flatten` for this test only: `[batch, …]` → `[batch, n]`, gradient reshaped back.
    struct FlattenStandIn: Layer {
        let name: String
        var type: String { "flatten" }
        var config: [String: AttributeValue] { [:] }
        var regularizer: Regularizer? { nil }
        func outputShape(for inputShape: [Int]) -> [Int] { [inputShape.reduce(1, *)] }
        func parameterShapes(for inputShape: [Int]) -> [(name: String, shape: [Int])] { [] }
        func initialValue(for name: String, shape: [Int], random: inout SeededRandom) -> Tensor { Tensor.zeros(shape) }
        func callAsFunction(_ input: Variable, parameters: [String: Variable], on tape: Tape) -> Variable {
            let value = tape.value(input)
            return tape.scoped(name) {
                tape.record(.identity, "reshape", inputs: [input], value: value.reshaped([value.shape[0], value.count / value.shape[0]])) {
                    grad, inputs, _ in [grad.reshaped(inputs[0].shape)]
                }
            }
        }
    }

    /// Nested JSON arrays of numbers → a row-major tensor.
    static func tensor(_ json: Any) -> Tensor {
        var data: [Double] = []
        func shape(of value: Any) -> [Int] {
            guard let list = value as? [Any] else {
                data.append((value as! NSNumber).doubleValue)
                return []
            }
            let inner = list.map(shape(of:))
            return [list.count] + (inner.first ?? [])
        }
        let found = shape(of: json)
        return Tensor(shape: found, data: data)
    }

    /// The spec's model, run, from its JSON, with the stand-in `flatten`.
    static func makeRun(_ spec: [String: Any]) -> TrainingRun {
        let inputShape = (spec["input_shape"] as! [Int])
        var layers: [any Layer] = []
        var weights: [String: Tensor] = [:]
        for (index, entry) in (spec["layers"] as! [[String: Any]]).enumerated() {
            let type = entry["type"] as! String
            let name = entry["name"] as? String ?? "\(type)\(index)"
            switch type {
            case "embedding":
                layers.append(Embedding(name: name, inputDim: entry["input_dim"] as! Int, outputDim: entry["output_dim"] as! Int))
            case "positional_encoding":
                layers.append(PositionalEncoding(name: name))
            case "multi_head_attention":
                layers.append(MultiHeadAttention(name: name, numHeads: entry["num_heads"] as! Int, keyDim: entry["key_dim"] as! Int,
                                                  causal: entry["causal"] as? Bool ?? false))
            case "layer_norm":
                layers.append(LayerNorm(name: name, epsilon: (entry["epsilon"] as? NSNumber)?.doubleValue ?? 1e-3))
            case "flatten":
                layers.append(FlattenStandIn(name: name))
            case "dense":
                layers.append(Dense(name: name, units: entry["units"] as! Int,
                                    activation: Activation(rawValue: entry["activation"] as? String ?? "linear")!))
            default:
                preconditionFailure("no stand-in for \(type)")
            }
            for (param, value) in entry["weights"] as? [String: Any] ?? [:] { weights["\(name)/\(param)"] = tensor(value) }
        }
        let optimizer = spec["optimizer"] as! [String: Any]
        func number(_ key: String, _ fallback: Double) -> Double { (optimizer[key] as? NSNumber)?.doubleValue ?? fallback }
        let optimizerSpec: OptimizerSpec = optimizer["type"] as! String == "sgd"
            ? .sgd(learningRate: number("learning_rate", 0.01), momentum: number("momentum", 0), nesterov: optimizer["nesterov"] as? Bool ?? false)
            : .adam(learningRate: number("learning_rate", 0.001), beta1: number("beta_1", 0.9), beta2: number("beta_2", 0.999),
                    epsilon: number("epsilon", 1e-7))
        let data = spec["data"] as! [String: Any]
        let train = spec["train"] as? [String: Any] ?? [:]
        let model = Model(name: spec["name"] as! String, inputShape: inputShape, layers: layers,
                          loss: Loss(rawValue: spec["loss"] as! String)!, weights: weights, integerInputs: layers.first is Embedding)
        #expect(model.parameterNames.allSatisfy { weights[$0] != nil }, "every weight is given")
        return TrainingRun(trainer: Trainer(model: model, optimizer: optimizerSpec.make()),
                           dataset: Dataset(inputs: tensor(data["inputs"]!), targets: tensor(data["targets"]!)),
                           plan: TrainingPlan(steps: train["steps"] as? Int ?? 1, batchSize: train["batch_size"] as? Int),
                           seed: 0)
    }

    @Test(arguments: specNames)
    func engineMatchesKerasWithAFlattenStandIn(name: String) throws {
        let folder = KerasReferenceTests.referenceFolder
        let specURL = folder.appendingPathComponent("specs/\(name).json")
        if (try? ModelSpec.load(contentsOf: specURL)) != nil { return }  // KerasReferenceTests covers it.
        let spec = try JSONSerialization.jsonObject(with: Data(contentsOf: specURL)) as! [String: Any]
        let expected = try JSONDecoder().decode(KerasReferenceTests.Expected.self,
                                                from: Data(contentsOf: folder.appendingPathComponent("expected/\(name).json")))
        var steps: [TraceStep] = []
        var run = Self.makeRun(spec)
        run.run(record: .layers) { steps.append($0.trace) }
        #expect(steps.count == expected.steps.count)
        for (actual, reference) in zip(steps, expected.steps) {
            let label = "\(name) step \(reference.step)"
            expectClose([actual.loss], [reference.loss], relative: 1e-9, absolute: 1e-12, "\(label) loss")
            #expect(Set(actual.outputs.keys) == Set(reference.outputs.keys), "\(label) output layers")
            for (layer, value) in reference.outputs {
                #expect(actual.outputs[layer]?.shape == value.shape, "\(label) outputs.\(layer) shape")
                expectClose(actual.outputs[layer]?.data ?? [], value.data, relative: 1e-9, absolute: 1e-12, "\(label) outputs.\(layer)")
            }
            #expect(Set(actual.params.keys) == Set(reference.params.keys), "\(label) params")
            for (param, record) in reference.params {
                let mine = actual.params[param]
                expectClose(mine?.before.data ?? [], record.before.data, relative: 1e-9, absolute: 1e-12, "\(label) \(param).before")
                expectClose(mine?.grad.data ?? [], record.grad.data, relative: 1e-9, absolute: 1e-12, "\(label) \(param).grad")
                expectClose(mine?.after.data ?? [], record.after.data, relative: 1e-9, absolute: 1e-12, "\(label) \(param).after")
            }
            if let inputGrad = reference.input_grad {
                expectClose(actual.inputGrad?.data ?? [], inputGrad.data, relative: 1e-9, absolute: 1e-12, "\(label) input_grad")
            } else {
                #expect(actual.inputGrad == nil, "\(label) input_grad should be null")
            }
        }
    }
}
