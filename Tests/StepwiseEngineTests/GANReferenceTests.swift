import Foundation
import StepwiseTrace
import Testing
@testable import StepwiseEngine

/// GAN updates against values Keras computed in float64, generated once by
/// `Tools/keras_gan_reference.py` from the specs in `Reference/gan/specs` into
/// `Reference/gan/expected`: every update's phase, loss, every layer output of both networks,
/// the trained network's gradients and updates, and the input gradient. Agreement to 1e-12,
/// scaled by the tensor's largest magnitude (at least 1).
@Suite struct GANReferenceTests {
    static let folder = KerasReferenceTests.referenceFolder.appendingPathComponent("gan")

    static var specNames: [String] { KerasReferenceTests.specNames(in: folder) }

    struct Expected: Decodable {
        var source: String
        var steps: [ExpectedUpdate]
    }

    struct ExpectedUpdate: Decodable {
        var step: Int
        var phase: String
        var loss: Double
        var outputs: [String: TensorValue]
        var params: [String: ParamRecord]
        var input_grad: TensorValue
    }

    @Test func referenceSpecsCoverTheContract() throws {
        #expect(Self.specNames.count >= 4)
        var optimizers: Set<String> = []
        var discriminatorSteps: Set<Int> = []
        for name in Self.specNames {
            let spec = try Self.load(name)
            optimizers.insert("\(spec.generatorOptimizer)")
            optimizers.insert("\(spec.discriminatorOptimizer)")
            discriminatorSteps.insert(spec.discriminatorSteps)
            #expect(spec.plan.steps >= 2)
        }
        #expect(discriminatorSteps.isSuperset(of: [1, 2]))
        #expect(optimizers.contains { $0.hasPrefix("sgd") && $0.contains("momentum: 0.0") })
        #expect(optimizers.contains { $0.hasPrefix("sgd") && !$0.contains("momentum: 0.0") })
        #expect(optimizers.contains { $0.hasPrefix("adam") })
    }

    static func load(_ name: String) throws -> GANSpec {
        let url = folder.appendingPathComponent("specs/\(name).json")
        guard case .gan(let spec) = try SpecFile.load(contentsOf: url) else {
            Issue.record("\(name) is not read as a GAN spec")
            throw CancellationError()
        }
        return spec
    }

    @Test(arguments: specNames)
    func engineMatchesKeras(name: String) throws {
        let expectedURL = Self.folder.appendingPathComponent("expected/\(name).json")
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: expectedURL))
        #expect(expected.source.hasPrefix("Tools/keras_gan_reference.py"))

        var run = try Self.load(name).makeRun()
        var updates: [TraceStep] = []
        let nonFinite = run.run(record: .layers) { updates.append($0.trace) }
        #expect(nonFinite == nil)
        #expect(updates.count == expected.steps.count)
        for (index, (actual, reference)) in zip(updates, expected.steps).enumerated() {
            let label = "\(name) update \(index + 1) (step \(reference.step), \(reference.phase))"
            #expect(actual.step == reference.step, "\(label) step")
            #expect(actual.phase == reference.phase, "\(label) phase")
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
            compare(actual.inputGrad, reference.input_grad, "\(label) input_grad")
        }
    }

    private func compare(_ actual: TensorValue?, _ expected: TensorValue, _ what: String,
                         sourceLocation: SourceLocation = #_sourceLocation) {
        expectTensor(actual, expected, what, relative: 0, absolute: 1e-12 * Self.scale(expected.data), sourceLocation: sourceLocation)
    }

    /// |actual − expected| ≤ 1e-12 · max(1, the largest |expected| of the tensor).
    private func close(_ actual: [Double], _ expected: [Double], _ what: String,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        expectClose(actual, expected, relative: 0, absolute: 1e-12 * Self.scale(expected), what, sourceLocation: sourceLocation)
    }

    /// The tensor's largest magnitude, at least 1.
    private static func scale(_ values: [Double]) -> Double {
        max(1, values.map(Swift.abs).max() ?? 0)
    }
}
