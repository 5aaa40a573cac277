import Foundation
import StepwiseTrace
import Testing
@testable import StepwiseEngine

/// The engine against values a real framework computed: Keras 3 in float64, generated once by
/// `Tools/keras_reference.py` from the specs in `Reference/specs` into `Reference/expected`.
/// Loss, every layer output, every gradient, every update and the input gradient of every step
/// must agree to 1e-9 relative (1e-12 absolute for values near zero).
@Suite struct KerasReferenceTests {
    static let referenceFolder = Bundle.module.resourceURL!.appendingPathComponent("Reference")

    static var specNames: [String] { specNames(in: referenceFolder) }

    /// The names of the `.json` specs in `folder/specs`, sorted.
    static func specNames(in folder: URL) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("specs").path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    struct Expected: Decodable {
        var source: String
        var steps: [ExpectedStep]
    }

    struct ExpectedStep: Decodable {
        var step: Int
        var loss: Double
        var outputs: [String: TensorValue]
        var params: [String: ParamRecord]
        var input_grad: TensorValue?
    }

    @Test func referenceSpecsExist() {
        #expect(Self.specNames.count >= 5)
    }

    @Test(arguments: specNames)
    func engineMatchesKeras(name: String) throws {
        let specURL = Self.referenceFolder.appendingPathComponent("specs/\(name).json")
        let expectedURL = Self.referenceFolder.appendingPathComponent("expected/\(name).json")
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: expectedURL))
        #expect(expected.source.hasPrefix("Tools/keras_reference.py"))

        let spec = try ModelSpec.load(contentsOf: specURL)
        var steps: [TraceStep] = []
        var run = spec.makeRun()
        run.run(record: .layers) { steps.append($0.trace) }
        #expect(steps.count == expected.steps.count)

        for (actual, reference) in zip(steps, expected.steps) {
            let label = "\(name) step \(reference.step)"
            #expect(actual.step == reference.step)
            close([actual.loss], [reference.loss], "\(label) loss")
            #expect(Set(actual.outputs.keys) == Set(reference.outputs.keys), "\(label) output layers")
            for (layer, value) in reference.outputs {
                compare(actual.outputs[layer], value, "\(label) outputs.\(layer)")
            }
            #expect(Set(actual.params.keys) == Set(reference.params.keys), "\(label) params")
            for (param, record) in reference.params {
                compare(actual.params[param]?.before, record.before, "\(label) \(param).before")
                compare(actual.params[param]?.grad, record.grad, "\(label) \(param).grad")
                compare(actual.params[param]?.after, record.after, "\(label) \(param).after")
            }
            if let inputGrad = reference.input_grad {
                compare(actual.inputGrad, inputGrad, "\(label) input_grad")
            } else {
                #expect(actual.inputGrad == nil, "\(label) input_grad should be null")
            }
        }
    }

    private func compare(_ actual: TensorValue?, _ expected: TensorValue, _ what: String,
                         sourceLocation: SourceLocation = #_sourceLocation) {
        expectTensor(actual, expected, what, relative: 1e-9, absolute: 1e-12, sourceLocation: sourceLocation)
    }

    private func close(_ actual: [Double], _ expected: [Double], _ what: String,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        expectClose(actual, expected, relative: 1e-9, absolute: 1e-12, what, sourceLocation: sourceLocation)
    }
}
