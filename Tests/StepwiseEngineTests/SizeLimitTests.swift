import Foundation
import Testing
@testable import StepwiseEngine

/// Sizes read from a spec are checked before they size memory: overflow is a one-line error
/// naming the field, never a trap.
@Suite struct SizeLimitTests {
    func message(_ text: String, allowLarge: Bool = false) -> String? {
        SpecErrorTests().message(text, allowLarge: allowLarge)
    }

    func spec(inputShape: String, layers: String, data: String = "{generate: {samples: 2}}") -> String {
        """
        input_shape: \(inputShape)
        layers: \(layers)
        loss: mse
        optimizer: {type: sgd, learning_rate: 0.1}
        data: \(data)
        """
    }

    @Test func aDenseKernelTooLargeForAnIntNamesUnits() {
        let text = spec(inputShape: "[100000000000]", layers: "[{type: dense, units: 100000000000}]")
        #expect(message(text) == "spec.yaml: layers[0].units: 100000000000 × 100000000000 values do not fit")
        #expect(message(text, allowLarge: true) == "spec.yaml: layers[0].units: 100000000000 × 100000000000 values do not fit")
    }

    @Test func moreThanAMillionStepsNeedAllowLarge() {
        let text = spec(inputShape: "[2]", layers: "[{type: dense, units: 1}]") + "\ntrain: {steps: 9223372036854775807}"
        #expect(message(text) == "spec.yaml: train.steps: 9223372036854775807 steps are more than the limit of 1000000 (pass --allow-large to run them anyway)")
        #expect(message(text, allowLarge: true) == nil)
        #expect(message(spec(inputShape: "[2]", layers: "[{type: dense, units: 1}]") + "\ntrain: {steps: 1000000}") == nil)
    }

    @Test func anInputShapeTooLargeForAnIntIsRefusedBeforeFlatten() {
        let text = spec(inputShape: "[9223372036854775807, 4]", layers: "[{type: flatten}, {type: dense, units: 1}]")
        #expect(message(text, allowLarge: true) == "spec.yaml: input_shape: 9223372036854775807 × 4 values do not fit")
    }

    @Test(arguments: [
        ("[4, 2]", "[{type: lstm, units: 4611686018427387904}]", "spec.yaml: layers[0].units: 4 × 4611686018427387904 values do not fit"),
        ("[4, 2]", "[{type: multi_head_attention, num_heads: 4294967296, key_dim: 4294967296}]",
         "spec.yaml: layers[0].key_dim: 4294967296 × 4294967296 values do not fit"),
        ("[4, 4, 1]", "[{type: conv2d, filters: 1, kernel_size: 2, strides: 9223372036854775807, padding: same}]",
         "spec.yaml: layers[0].strides: 4 + 9223372036854775807 does not fit"),
        ("[3037000499, 3037000499, 1]", "[{type: conv2d, filters: 3037000499, kernel_size: 1}]",
         "spec.yaml: layers[0].filters: an output of 3037000499 × 3037000499 × 3037000499 values does not fit"),
    ])
    func layerSizesThatOverflowNameTheirField(inputShape: String, layers: String, expected: String) {
        #expect(message(spec(inputShape: inputShape, layers: layers), allowLarge: true) == expected)
    }

    @Test func generatedSamplesThatOverflowNameSamples() {
        let text = spec(inputShape: "[4294967296]", layers: "[{type: dense, units: 1}]",
                        data: "{generate: {samples: 4294967296}}")
        #expect(message(text, allowLarge: true) == "spec.yaml: data.generate.samples: 4294967296 × 4294967296 values do not fit")
    }

    @Test func aNewlineInAQuotedValueStaysOnOneLine() throws {
        let text = spec(inputShape: "[2]", layers: #"[{type: dense, units: 1, activation: "re\nlu\u001B"}]"#)
        let found = try #require(message(text))
        #expect(!found.contains("\n") && !found.contains("\u{1B}"))
        #expect(found.hasSuffix(#"found "re\nlu\u{1B}""#), "\(found)")
    }

    @Test func aYAMLAliasBombIsRefusedWithoutExpandingIt() throws {
        // Nine levels of ten aliases each: a billion leaves from a few hundred bytes.
        var lines = ["a0: &a0 [1.0]"]
        for level in 1...9 {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        lines.append(spec(inputShape: "[1]", layers: "[{type: dense, units: 1}]", data: "{inputs: *a9, targets: *a9}"))
        let found = try #require(message(lines.joined(separator: "\n"), allowLarge: true))
        #expect(found.hasPrefix("spec.yaml: aliases (*name) expand the document to more than "), "\(found)")
    }

    @Test func modestAliasesAreStillAllowed() {
        let text = """
            layer: &layer {type: dense, units: 1}
            \(spec(inputShape: "[1]", layers: "[*layer]", data: "{inputs: [[1.0], [2.0]], targets: [[1.0], [2.0]]}"))
            """
        // `layer` is not a spec field: the alias itself was accepted.
        #expect(message(text) == "spec.yaml: layer: unknown field (expected one of: name, seed, input_shape, layers, loss, optimizer, data, train)")
    }
}

/// The run's working memory is estimated from the shapes before anything is allocated.
@Suite struct WorkingMemoryTests {
    /// Attention over 3,000 positions: 57 parameters, but T×T = 9,000,000 scores per head and sample.
    static let attention = """
        input_shape: [3000, 2]
        layers: [{type: multi_head_attention, num_heads: 1, key_dim: 5}]
        loss: mse
        optimizer: {type: sgd, learning_rate: 0.1}
        data: {generate: {samples: 8}}
        """

    func message(allowLarge: Bool, ceiling: Double) -> String? {
        do {
            _ = try ModelSpec.parse(Self.attention, file: "spec.yaml", allowLarge: allowLarge, memoryCeiling: ceiling)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    /// The "about N GB" of a message, in bytes.
    func estimate(in message: String) -> Double? {
        guard let range = message.range(of: #"about [0-9.]+ GB"#, options: .regularExpression) else { return nil }
        return Double(message[range].dropFirst(6).dropLast(3)).map { $0 * 1e9 }
    }

    @Test func attentionOverThreeThousandPositionsIsRefusedWithTheEstimateAndTheLimit() throws {
        let found = try #require(message(allowLarge: false, ceiling: 1e15))
        #expect(found.hasPrefix("spec.yaml: layers[0]: the run needs about "), "\(found)")
        #expect(found.hasSuffix("of working memory (estimated from the shapes), more than the limit of 2.1 GB (pass --allow-large to run it anyway)"), "\(found)")
        // At least the scores, their scaled copy and the weights, with gradients, for 8 samples.
        let lowerBound = 3000.0 * 3000 * 3 * 2 * 8 * 8
        #expect(try #require(estimate(in: found)) >= lowerBound)
    }

    @Test func allowLargeAcceptsItOnlyUnderTheMachinesCeiling() throws {
        #expect(message(allowLarge: true, ceiling: 1e15) == nil)
        let found = try #require(message(allowLarge: true, ceiling: 1e9))
        #expect(found.hasSuffix("more than the ceiling of 1.0 GB (three quarters of this machine's memory), even with --allow-large"), "\(found)")
    }

    @Test func aConvolutionWhosePatchesAloneAreTooLargeIsRefusedByName() throws {
        // One 512 × 512 image, one filter of 64 × 64 × 3 (12,288 weights, 262,144 outputs): the
        // patches the convolution makes for one image are 262,144 × 12,288 numbers, about 26 GB.
        let spec = """
            input_shape: [512, 512, 3]
            layers:
              - {type: dense, name: small, units: 3}
              - {type: conv2d, name: wide, filters: 1, kernel_size: [64, 64], padding: same}
              - {type: flatten, name: flat}
            loss: mse
            optimizer: {type: sgd, learning_rate: 0.1}
            data: {generate: {samples: 1}}
            """
        do {
            _ = try ModelSpec.parse(spec, file: "conv.yaml", allowLarge: false, memoryCeiling: 1e15)
            Issue.record("a convolution needing 26 GB of patches was accepted")
        } catch {
            let found = String(describing: error)
            #expect(found.hasPrefix("conv.yaml: layers[1]: the run needs about "), "\(found)")
            let patchBytes = 262_144.0 * 12_288 * 8
            #expect(try #require(estimate(in: found)) >= patchBytes)
        }
    }

    @Test func theDefaultCeilingIsThreeQuartersOfTheMachine() {
        #expect(WorkingMemory.machineCeilingBytes == Double(ProcessInfo.processInfo.physicalMemory) * 0.75)
        #expect(WorkingMemory.machineCeilingBytes > 0)
    }

    @Test func sizesAreSpelledInDecimalUnits() {
        #expect(WorkingMemory.spelled(2 * 1_073_741_824) == "2.1 GB")
        #expect(WorkingMemory.spelled(640e6) == "640 MB")
        #expect(WorkingMemory.spelled(512) == "512 bytes")
    }
}

/// `.json` specs are read with a JSON parser, keeping the field-path messages.
@Suite struct JSONSpecTests {
    static let valid = #"""
        {"name": "brain \ud83e\udde0", "input_shape": [2],
         "layers": [{"type": "dense", "units": 1, "activation": "sigmoid"}],
         "loss": "binary_crossentropy", "optimizer": {"type": "sgd", "learning_rate": 0.5},
         "data": {"inputs": [[0.5, 1e-1], [2, -3.0]], "targets": [[1], [0]]},
         "train": {"steps": 2, "shuffle": false}}
        """#

    func message(_ text: String, file: String = "spec.json") -> String? {
        do {
            _ = try ModelSpec.parse(text, file: file)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    @Test func surrogatePairEscapesReadAsTheirCharacter() throws {
        let spec = try ModelSpec.parse(Self.valid, file: "spec.json")
        #expect(spec.name == "brain 🧠")
        #expect(spec.dataset.inputs.data == [0.5, 0.1, 2, -3])
        #expect(spec.plan == TrainingPlan(steps: 2, batchSize: nil, shuffle: false))
    }

    @Test func fieldPathsStayInTheMessages() {
        let text = Self.valid.replacingOccurrences(of: #""units": 1"#, with: #""units": "one""#)
        #expect(message(text) == #"spec.json: layers[0].units: expected an integer, found "one""#)
        let quotedNumber = Self.valid.replacingOccurrences(of: #""steps": 2"#, with: #""steps": true"#)
        #expect(message(quotedNumber) == "spec.json: train.steps: expected an integer, found true")
    }

    @Test func duplicateKeysAreRefusedNamingTheField() {
        let text = Self.valid.replacingOccurrences(of: #""units": 1,"#, with: #""units": 1, "units": 2,"#)
        #expect(message(text) == "spec.json: layers[0].units: duplicate key (a key may appear once in an object)")
        let escaped = Self.valid.replacingOccurrences(of: #""seed""#, with: "x")
            .replacingOccurrences(of: #""train": {"#, with: #""train": {"st\u0065ps": 1, "#)
        #expect(message(escaped) == "spec.json: train.steps: duplicate key (a key may appear once in an object)")
    }

    @Test func malformedJSONNamesLineAndColumn() throws {
        let found = try #require(message("{\"name\": \"x\",\n ,}"))
        #expect(found.hasPrefix("spec.json:2:2: malformed JSON: "), "\(found)")
        #expect(message("", file: "a.JSON")?.hasPrefix("a.JSON: malformed JSON: ") == true)
    }
}
