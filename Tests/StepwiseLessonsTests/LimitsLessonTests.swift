import Foundation
import Testing
@testable import StepwiseLessons

/// The numbers the "Limits and challenges" page states about the course's runs.
@Suite struct LimitsLessonTests {
    static func parameters(_ path: String) throws -> Int {
        let traced = try CurriculumTests.traced(path, every: 10, ops: [])
        return ModelSummary(model: traced.trace.model, architecture: traced.trace.architecture,
                            parameterShapes: traced.trace.steps[0].params.mapValues(\.before.shape)).totalParameters
    }

    @Test func theParameterCountsItQuotes() throws {
        let text = try String(contentsOf: CurriculumTests.lessons.appendingPathComponent("limits/lesson.md"), encoding: .utf8)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        // "has 12 numbers to adjust": the forward-and-backward lesson's 2-2-2 network.
        #expect(try Self.parameters("examples/two-two-two.yaml") == 12 && text.contains("has 12 numbers to adjust"))
        // "the 122,570 parameters of the table above": the CIFAR-shaped CNN the page summarises.
        #expect(try Self.parameters("examples/cifar-cnn.yaml") == 122_570 && text.contains("the 122,570 parameters"))
        // "its network has 337 parameters for 30 points": the overfitting lesson's run.
        let plain = try CurriculumTests.traced("overfitting/plain.yaml", every: 10, ops: [])
        #expect(try Self.parameters("overfitting/plain.yaml") == 337 && plain.spec.dataset.inputs.shape[0] == 30)
        #expect(text.contains("337 parameters for 30 points"))
        // "Ten epochs of CIFAR-10 are some fifteen thousand updates": 50,000 images in batches of 32.
        #expect(10 * ((50_000 + 31) / 32) == 15_630 && text.contains("some fifteen thousand"))
    }
}
