import Foundation
import Testing
@testable import StepwiseEngine

/// Bad specs give one line naming the file, the field path, what was expected and what was found.
@Suite struct SpecErrorTests {
    /// A valid spec, as a template to break one field at a time.
    static let valid = """
        name: tiny
        seed: 1
        input_shape: [2]
        layers:
          - {type: dense, name: hidden, units: 3, activation: tanh}
          - {type: dense, name: output, units: 2, activation: softmax}
        loss: sparse_categorical_crossentropy
        optimizer: {type: sgd, learning_rate: 0.1}
        data: {inputs: [[0.5, 0.1], [0.2, 0.3]], targets: [0, 1]}
        """

    func message(_ text: String, allowLarge: Bool = false) -> String? {
        do {
            _ = try ModelSpec.parse(text, file: "spec.yaml", allowLarge: allowLarge)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    func replacing(_ old: String, with new: String) -> String {
        precondition(Self.valid.contains(old), "template lacks \(old)")
        return Self.valid.replacingOccurrences(of: old, with: new)
    }

    @Test func theTemplateIsValid() {
        #expect(message(Self.valid) == nil)
    }

    @Test(arguments: [
        // Malformed text.
        ("layers: [", "spec.yaml:2:1: malformed JSON/YAML:"),
        ("{\"name\": \"x\",, }", "spec.yaml:1:14: malformed JSON/YAML:"),
        ("", "spec.yaml: the file is empty"),
    ])
    func malformedText(text: String, expected: String) {
        let found = message(text) ?? "no error"
        #expect(found.hasPrefix(expected), "\(found)")
    }

    @Test(arguments: [
        ("type: dense, name: hidden", "type: dense3, name: hidden",
         "spec.yaml: layers[0].type: expected one of dense, conv2d, max_pool2d, avg_pool2d, flatten, lstm, multi_head_attention, positional_encoding, layer_norm, embedding, found \"dense3\""),
        ("activation: tanh", "activation: swish",
         "spec.yaml: layers[0].activation: expected one of linear, sigmoid, tanh, relu, softmax, found \"swish\""),
        ("loss: sparse_categorical_crossentropy", "loss: hinge",
         "spec.yaml: loss: expected one of mse, binary_crossentropy, cross_entropy, sparse_categorical_crossentropy, found \"hinge\""),
        ("type: sgd", "type: rmsprop", "spec.yaml: optimizer.type: expected one of sgd, adam, found \"rmsprop\""),
        ("units: 3,", "unit: 3,",
         "spec.yaml: layers[0].unit: unknown field (expected one of: type, name, units, activation, regularizer, weights)"),
        ("units: 3,", "", "spec.yaml: layers[0].units: missing required field"),
        ("units: 3,", "units: 0,", "spec.yaml: layers[0].units: expected a positive integer, found 0"),
        ("units: 3,", "units: three,", "spec.yaml: layers[0].units: expected an integer, found three"),
        ("seed: 1", "seed: 1\ncolour: red", "spec.yaml: colour: unknown field (expected one of: name, seed, input_shape, layers, loss, optimizer, data, train)"),
        ("learning_rate: 0.1", "learning_rate: .nan", "spec.yaml: optimizer.learning_rate: expected a finite number, found .nan"),
        ("learning_rate: 0.1", "learning_rate: -1", "spec.yaml: optimizer.learning_rate: expected a positive number, found -1"),
        ("name: output", "name: hidden", "spec.yaml: layers[1].name: \"hidden\" is already the name of layers[0]"),
    ] as [(String, String, String)])
    func badFields(old: String, new: String, expected: String) {
        #expect(message(replacing(old, with: new)) == expected)
    }

    /// A valid CNN, as a template for the image layers' errors: 5×5 → conv 3×3 → 3×3 → same conv → 3×3 → pool → 1×1.
    static let validCNN = """
        name: cnn
        seed: 1
        input_shape: [5, 5, 1]
        layers:
          - {type: conv2d, filters: 2, kernel_size: [3, 3], strides: [1, 1], activation: relu}
          - {type: conv2d, filters: 2, kernel_size: [2, 2], padding: same}
          - {type: max_pool2d, pool_size: [2, 2], strides: [2, 2]}
          - {type: flatten}
          - {type: dense, units: 2, activation: softmax}
        loss: sparse_categorical_crossentropy
        optimizer: {type: sgd}
        data: {generate: {samples: 2}}
        """

    @Test(arguments: [
        ("pool_size: [2, 2]", "pool_size: [4, 4]",
         "spec.yaml: layers[2].pool_size: expected at most [3, 3] (the input's height and width), found [4, 4]"),
        ("kernel_size: [3, 3]", "kernel_size: [6, 3]",
         "spec.yaml: layers[0].kernel_size: expected at most [5, 5] (the input's height and width), found [6, 3]"),
        ("padding: same", "padding: full", "spec.yaml: layers[1].padding: expected one of valid, same, found \"full\""),
        ("pool_size: [2, 2]", "pool_size: [2, 2], padding: same", "spec.yaml: layers[2].padding: expected one of valid, found \"same\""),
        ("strides: [1, 1]", "strides: [1, 0]", "spec.yaml: layers[0].strides[1]: expected a positive integer, found 0"),
        ("strides: [2, 2]", "strides: [-1, 2]", "spec.yaml: layers[2].strides[0]: expected a positive integer, found -1"),
        ("kernel_size: [3, 3]", "kernel_size: [3]", "spec.yaml: layers[0].kernel_size: expected two positive integers [height, width], found [3]"),
        ("kernel_size: [3, 3]", "kernel_size: 0", "spec.yaml: layers[0].kernel_size: expected a positive integer, found 0"),
        ("filters: 2, kernel_size: [3, 3]", "filters: 0, kernel_size: [3, 3]", "spec.yaml: layers[0].filters: expected a positive integer, found 0"),
        ("filters: 2, kernel_size: [3, 3]", "kernel_size: [3, 3]", "spec.yaml: layers[0].filters: missing required field"),
        ("{type: flatten}", "{type: flatten, units: 3}", "spec.yaml: layers[3].units: unknown field (expected one of: type, name)"),
        ("pool_size: [2, 2], strides", "pool_size: [2, 2], filters: 2, strides",
         "spec.yaml: layers[2].filters: unknown field (expected one of: type, name, pool_size, strides, padding)"),
        ("input_shape: [5, 5, 1]", "input_shape: [4]",
         "spec.yaml: layers[0]: conv2d needs an input of shape [height, width, channels], found [4]"),
        ("activation: relu}", "activation: relu, weights: {kernel: [[1, 2]]}}",
         "spec.yaml: layers[0].weights.kernel: expected shape [3, 3, 1, 2], found [1, 2]"),
    ] as [(String, String, String)])
    func imageLayers(old: String, new: String, expected: String) {
        precondition(Self.validCNN.contains(old), "template lacks \(old)")
        #expect(message(Self.validCNN.replacingOccurrences(of: old, with: new)) == expected)
    }

    @Test func imageLayersThatFit() throws {
        #expect(message(Self.validCNN) == nil)
        // With same padding a kernel may be larger than the image; a single integer means [n, n].
        #expect(message(Self.validCNN.replacingOccurrences(of: "kernel_size: [2, 2], padding: same", with: "kernel_size: 4, padding: same")) == nil)
        let pool = "{type: max_pool2d, pool_size: [2, 2], strides: [2, 2]}"
        #expect(message(Self.validCNN.replacingOccurrences(of: pool, with: "{type: avg_pool2d, pool_size: 3}")) == nil)
        #expect(message("""
            input_shape: [4]
            layers: [{type: max_pool2d, pool_size: [1, 1]}]
            loss: mse
            optimizer: {type: sgd}
            data: {generate: {samples: 1}}
            """) == "spec.yaml: layers[0]: max_pool2d needs an input of shape [height, width, channels], found [4]")
        let spec = try ModelSpec.parse(Self.validCNN, file: "cnn.yaml")
        #expect(spec.layers.map(\.name) == ["conv2d0", "conv2d1", "max_pool2d2", "flatten3", "dense4"])
        #expect(spec.makeModel().outputShape == [2])
    }

    @Test func weightShapes() {
        let text = replacing("activation: tanh}", with: "activation: tanh, weights: {kernel: [[1, 2], [3, 4], [5, 6]]}}")
        #expect(message(text) == "spec.yaml: layers[0].weights.kernel: expected shape [2, 3], found [3, 2]")
        let ragged = replacing("activation: tanh}", with: "activation: tanh, weights: {bias: [[1], [2, 3]]}}")
        #expect(message(ragged) == "spec.yaml: layers[0].weights.bias[1]: expected a rectangular array: this element has shape [2], the first has [1]")
        let unknown = replacing("activation: tanh}", with: "activation: tanh, weights: {gamma: [1]}}")
        #expect(message(unknown) == "spec.yaml: layers[0].weights.gamma: unknown field (expected one of: kernel, bias)")
        let infinite = replacing("activation: tanh}", with: "activation: tanh, weights: {bias: [1, .inf, 0]}}")
        #expect(message(infinite) == "spec.yaml: layers[0].weights.bias[1]: expected a finite number, found .inf")
    }

    @Test func data() {
        #expect(message(replacing("inputs: [[0.5, 0.1], [0.2, 0.3]]", with: "inputs: [[0.5, 0.1, 1], [0.2, 0.3, 1]]"))
                == "spec.yaml: data.inputs: expected shape [2, 2] (samples × input_shape), found [2, 3]")
        #expect(message(replacing("inputs: [[0.5, 0.1], [0.2, 0.3]], targets: [0, 1]", with: "inputs: [], targets: []"))
                == "spec.yaml: data.inputs: expected at least one sample, found none")
        #expect(message(replacing("targets: [0, 1]", with: "targets: [0, 2]"))
                == "spec.yaml: data.targets: expected class indices in 0..<2, found 2 at flat index 1")
        #expect(message(replacing("targets: [0, 1]", with: "targets: [0, 1, 1]"))
                == "spec.yaml: data.targets: expected class indices of shape [2], found [3]")
        #expect(message(replacing("loss: sparse_categorical_crossentropy", with: "loss: mse"))
                == "spec.yaml: data.targets: expected shape [2, 2] (samples × the model's output shape), found [2]")
    }

    @Test func training() {
        #expect(message(Self.valid + "\ntrain: {steps: 3, batch_size: 0}") == "spec.yaml: train.batch_size: expected a positive integer, found 0")
        #expect(message(Self.valid + "\ntrain: {steps: 3, shuffle: maybe}") == "spec.yaml: train.shuffle: expected true or false, found maybe")
    }

    @Test func sizeLimit() {
        let large = replacing("units: 3,", with: "units: 400000,")
        #expect(message(large) == "spec.yaml: layers: the model has 2000002 parameters, more than the limit of 1000000 (pass --allow-large to run it anyway)")
        #expect(message(large, allowLarge: true) == nil)
    }

    @Test func sequenceLayers() {
        func spec(_ inputShape: String, _ layers: String, data: String = "{generate: {samples: 2}}") -> String {
            """
            input_shape: \(inputShape)
            layers: [\(layers)]
            loss: mse
            optimizer: {type: sgd}
            data: \(data)
            """
        }
        #expect(message(spec("[8, 8, 3]", "{type: lstm, units: 4}"))
                == "spec.yaml: layers[0]: lstm needs an input of shape [time, features], found [8, 8, 3]")
        #expect(message(spec("[5, 2]", "{type: dense, units: 3}, {type: dense, units: 1}, {type: lstm, units: 4}"))
                == nil)
        #expect(message(spec("[5, 2]", "{type: lstm, units: 4}, {type: lstm, units: 4}"))
                == "spec.yaml: layers[1]: lstm needs an input of shape [time, features], found [4]")
        #expect(message(spec("[5, 2]", "{type: lstm, units: 0}")) == "spec.yaml: layers[0].units: expected a positive integer, found 0")
        #expect(message(spec("[5, 2]", "{type: lstm, units: 2, return_sequences: yes}"))
                == "spec.yaml: layers[0].return_sequences: expected true or false, found yes")
        #expect(message(spec("[5, 2]", "{type: lstm, units: 2, activation: relu}"))
                == "spec.yaml: layers[0].activation: unknown field (expected one of: type, name, units, return_sequences, regularizer, weights)")
        #expect(message(spec("[5, 4]", "{type: multi_head_attention, num_heads: 2, key_dim: 0}"))
                == "spec.yaml: layers[0].key_dim: expected a positive integer, found 0")
        #expect(message(spec("[5, 4]", "{type: multi_head_attention, num_heads: 0, key_dim: 2}"))
                == "spec.yaml: layers[0].num_heads: expected a positive integer, found 0")
        #expect(message(spec("[5, 4]", "{type: multi_head_attention, key_dim: 2}")) == "spec.yaml: layers[0].num_heads: missing required field")
        #expect(message(spec("[20]", "{type: multi_head_attention, num_heads: 1, key_dim: 2}"))
                == "spec.yaml: layers[0]: multi_head_attention needs an input of shape [time, features], found [20]")
        // heads·key_dim need not equal d_model (3 × 2 over d_model 4, as Keras allows).
        #expect(message(spec("[5, 4]", "{type: multi_head_attention, num_heads: 3, key_dim: 2, causal: true}")) == nil)
        #expect(message(spec("[5, 4]", "{type: multi_head_attention, num_heads: 1, key_dim: 2, weights: {wo: [[1, 2]]}}"))
                == "spec.yaml: layers[0].weights.wo: expected shape [2, 4], found [1, 2]")
        #expect(message(spec("[2, 3, 4]", "{type: positional_encoding}"))
                == "spec.yaml: layers[0]: positional_encoding needs an input of shape [time, features], found [2, 3, 4]")
        // An odd d_model is fine.
        #expect(message(spec("[5, 3]", "{type: positional_encoding}")) == nil)
        #expect(message(spec("[5, 3]", "{type: layer_norm, epsilon: 0}")) == "spec.yaml: layers[0].epsilon: expected a positive number, found 0")
        #expect(message(spec("[5, 3]", "{type: layer_norm, weights: {gamma: [1, 1]}}"))
                == "spec.yaml: layers[0].weights.gamma: expected shape [3], found [2]")
    }

    @Test func embeddingInputsAreTokenIDs() {
        func spec(_ data: String, first: String = "{type: embedding, input_dim: 7, output_dim: 2}") -> String {
            """
            input_shape: [2]
            layers: [\(first), {type: lstm, units: 1}]
            loss: mse
            optimizer: {type: sgd}
            data: \(data)
            """
        }
        #expect(message(spec("{inputs: [[1, 2], [3, 6]], targets: [[0], [1]]}")) == nil)
        #expect(message(spec("{inputs: [[1, 2], [3, 9]], targets: [[0], [1]]}"))
                == "spec.yaml: data.inputs: expected token ids in 0..<7, found 9 at flat index 3")
        #expect(message(spec("{inputs: [[1, 2.5], [3, 4]], targets: [[0], [1]]}"))
                == "spec.yaml: data.inputs: expected token ids in 0..<7, found 2.5 at flat index 1")
        #expect(message(spec("{inputs: [[-1, 2], [3, 4]], targets: [[0], [1]]}"))
                == "spec.yaml: data.inputs: expected token ids in 0..<7, found -1 at flat index 0")
        #expect(message(spec("{generate: {samples: 2}}", first: "{type: embedding, input_dim: 0, output_dim: 2}"))
                == "spec.yaml: layers[0].input_dim: expected a positive integer, found 0")
        #expect(message("""
            input_shape: [4]
            layers: [{type: dense, units: 3}, {type: embedding, input_dim: 7, output_dim: 2}]
            loss: mse
            optimizer: {type: sgd}
            data: {generate: {samples: 2}}
            """) == "spec.yaml: layers[1]: embedding must be the first layer (it reads the model's integer token ids)")
    }

    @Test func jsonSpecsReadLikeYAML() throws {
        let json = """
            {"name": "j", "input_shape": [2], "layers": [{"type": "dense", "units": 1, "activation": "sigmoid"}],
             "loss": "mse", "optimizer": {"type": "adam"}, "data": {"inputs": [[1, 2]], "targets": [[0.5]]}}
            """
        let spec = try ModelSpec.parse(json, file: "spec.json")
        #expect(spec.layers[0].name == "dense0")
        #expect(spec.optimizer == .adam(learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7))
        #expect(message(json.replacingOccurrences(of: "\"units\": 1", with: "\"units\": \"1\""))
                == "spec.yaml: layers[0].units: expected an integer, found \"1\"")
    }
}

/// `data: {generate: …}` makes data from the seed instead of listing it.
@Suite struct GeneratedDataTests {
    func spec(_ data: String, loss: String = "sparse_categorical_crossentropy", inputShape: String = "[3]", units: Int = 4) -> String {
        """
        name: gen
        seed: 5
        input_shape: \(inputShape)
        layers: [{type: dense, units: \(units), activation: softmax}]
        loss: \(loss)
        optimizer: {type: sgd}
        data: \(data)
        """
    }

    @Test func randomDataFitsTheLossAndRepeats() throws {
        let sparse = try ModelSpec.parse(spec("{generate: {samples: 50}}"), file: "g.yaml").dataset
        #expect(sparse.inputs.shape == [50, 3] && sparse.targets.shape == [50])
        #expect(sparse.inputs.data.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(Set(sparse.targets.data) == [0, 1, 2, 3])
        #expect(try ModelSpec.parse(spec("{generate: {samples: 50}}"), file: "again.yaml").dataset.inputs == sparse.inputs)
        let oneHot = try ModelSpec.parse(spec("{generate: {samples: 6}}", loss: "cross_entropy"), file: "g.yaml").dataset
        #expect(oneHot.targets.shape == [6, 4])
        #expect(Tape.reduce(oneHot.targets, .lastAxis, dividedBy: 1).data == [1, 1, 1, 1, 1, 1])
    }

    @Test func sineWindowsContinueTheWave() throws {
        let data = DataGenerator.sine.make(samples: 3, inputShape: [5, 1], outputShape: [1], loss: .mse, seed: 5)
        #expect(data.inputs.shape == [3, 5, 1] && data.targets.shape == [3, 1])
        for sample in 0..<3 {
            let window = Array(data.inputs.data[(sample * 5)..<(sample * 5 + 5)])
            let step = 2 * Double.pi / 16
            // The sine recurrence s(t+1) = 2cos(step)·s(t) − s(t−1) predicts the next value.
            let next = 2 * cos(step) * window[4] - window[3]
            #expect(Swift.abs(next - data.targets.data[sample]) < 1e-12)
        }
    }

    @Test func generateErrors() {
        func message(_ text: String) -> String {
            do { _ = try ModelSpec.parse(text, file: "g.yaml"); return "no error" } catch { return String(describing: error) }
        }
        #expect(message(spec("{generate: {samples: 0}}")) == "g.yaml: data.generate.samples: expected a positive integer, found 0")
        #expect(message(spec("{generate: {samples: 2, kind: spiral}}")) == "g.yaml: data.generate.kind: expected one of random, sine, blobs, moons, circles, spirals, xor, linear, bars, reverse, found \"spiral\"")
        #expect(message(spec("{generate: {samples: 2, kind: sine}}")) == "g.yaml: data.generate.kind: sine data needs input_shape [T, 1], found [3]")
        #expect(message(spec("{generate: {samples: 2}, inputs: [[1, 2, 3]]}")) == "g.yaml: data.inputs: not allowed together with data.generate")
        #expect(message("""
            input_shape: [5, 1]
            layers: [{type: embedding, input_dim: 4, output_dim: 2}]
            loss: mse
            optimizer: {type: sgd}
            data: {generate: {samples: 2, kind: sine}}
            """) == "g.yaml: data.generate.kind: sine data needs real-valued inputs, but an embedding model reads token ids")
    }

    @Test func randomDataForAnEmbeddingModelIsTokenIDs() throws {
        let spec = try ModelSpec.parse("""
            seed: 2
            input_shape: [6]
            layers: [{type: embedding, input_dim: 5, output_dim: 3}, {type: lstm, units: 2}, {type: dense, units: 3, activation: softmax}]
            loss: sparse_categorical_crossentropy
            optimizer: {type: adam}
            data: {generate: {samples: 40}}
            """, file: "g.yaml")
        #expect(spec.integerInputs && spec.makeModel().integerInputs)
        #expect(spec.dataset.inputs.shape == [40, 6])
        #expect(Set(spec.dataset.inputs.data) == [0, 1, 2, 3, 4])
        #expect(spec.dataset.targets.shape == [40] && Set(spec.dataset.targets.data) == [0, 1, 2])
    }
}
