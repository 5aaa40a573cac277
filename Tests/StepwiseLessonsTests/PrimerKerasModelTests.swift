import Foundation
import Testing
@testable import StepwiseLessons

/// The primer's Keras CNN and stacked LSTM against the course's specs of the same networks:
/// `Reference/primer-keras-models.json` was written by Tools/keras_primer_models.py from Keras
/// itself (never edit it by hand); the course's `stepwise-summary` of the equivalent specs must
/// list the same layers with the same parameter counts, and the lessons' line-by-line tables
/// must quote their Keras code and their specs exactly.
@Suite struct PrimerKerasModelTests {
    struct Reference: Decodable {
        struct Model: Decodable {
            struct Layer: Decodable {
                let `class`: String
                let output_shape: [Int?]
                let params: Int
            }
            let layers: [Layer]
            let total_params: Int
        }
        let models: [String: Model]
    }

    static let root = CurriculumTests.lessons.deletingLastPathComponent()
    static let reference = try! JSONDecoder().decode(
        Reference.self, from: Data(contentsOf: root.appendingPathComponent("Tests/StepwiseLessonsTests/Reference/primer-keras-models.json")))

    /// The course's summary of a spec, as a lesson's `stepwise-summary` computes it.
    static func summary(_ path: String) throws -> ModelSummary {
        let traced = try CurriculumTests.traced(path)
        return ModelSummary(model: traced.trace.model, architecture: traced.trace.architecture,
                            parameterShapes: traced.trace.steps[0].params.mapValues(\.before.shape))
    }

    @Test(arguments: [("primer-cnn", "examples/cifar-cnn.yaml"), ("primer-cnn", "cnn/cifar-bars.yaml"),
                      ("primer-lstm", "examples/primer-lstm.yaml")])
    func theCourseSummaryCountsWhatKerasCounts(model: String, spec: String) throws {
        let keras = try #require(Self.reference.models[model])
        let course = try Self.summary(spec)
        #expect(course.rows.count == keras.layers.count)
        for (row, layer) in zip(course.rows, keras.layers) {
            #expect(row.layer.hasSuffix("(\(layer.class))"), "\(row.layer) is not a \(layer.class)")
            #expect(row.parameters == layer.params, "\(row.layer): \(row.parameters) parameters, Keras \(layer.params)")
            // Keras's None (any batch, any sequence length) matches any size.
            let shape = row.outputShape.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(shape.count == layer.output_shape.count)
            for (size, kerasSize) in zip(shape, layer.output_shape) where kerasSize != nil {
                #expect(size == String(kerasSize!), "\(row.layer): \(row.outputShape) against Keras \(layer.output_shape)")
            }
        }
        #expect(course.totalParameters == keras.total_params)
    }

    /// The LSTM lesson's 10,400 and 12,200: the course's first layer reads 1 feature, the
    /// primer's 10, and the page shows both summaries.
    @Test func theLSTMPageExplainsTheTwoFirstLayers() throws {
        let course = try Self.summary("lstm/stacked.yaml")
        let primer = try Self.summary("examples/primer-lstm.yaml")
        #expect(course.rows[0].parameters == 4 * (1 * 50 + 50 * 50 + 50) && course.rows[0].parameters == 10_400)
        #expect(primer.rows[0].parameters == 4 * (10 * 50 + 50 * 50 + 50) && primer.rows[0].parameters == 12_200)
        #expect(primer.rows[0].parameters - course.rows[0].parameters == 4 * 9 * 50)
        let page = try CurriculumTests.page("lstm")
        #expect(page.contains("<td>10,400</td>") && page.contains("<td>12,200</td>"))
    }

    /// Each row of a lesson's Keras-to-spec table quotes a layer line of the Keras code on the
    /// page (when it names one) and text of the spec files the lesson runs.
    @Test(arguments: [("cnn", ["cnn/cifar-bars.yaml"]), ("lstm", ["lstm/stacked.yaml", "examples/primer-lstm.yaml"])])
    func theLineByLineTablesQuoteTheCodeAndTheSpecs(lesson: String, specs: [String]) throws {
        let text = try String(contentsOf: CurriculumTests.lessons.appendingPathComponent("\(lesson)/lesson.md"), encoding: .utf8)
        let specText = try specs.map { try String(contentsOf: CurriculumTests.lessons.appendingPathComponent($0), encoding: .utf8) }.joined()
        let code = text.components(separatedBy: "```python\n").dropFirst().first?.components(separatedBy: "```").first ?? ""
        let rows = text.components(separatedBy: "\n").filter { $0.hasPrefix("| `") }
        #expect(rows.count >= 5)
        func quoted(_ cell: String) -> [String] { cell.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element) }
        for row in rows {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            try #require(cells.count == 2, "\(row)")
            if let layer = quoted(cells[0]).first, layer.range(of: #"^(Conv2D|MaxPooling2D|Flatten|Dense|LSTM)\("#, options: .regularExpression) != nil {
                #expect(code.contains(layer), "the \(lesson) code lacks \(layer)")
            }
            for fragment in quoted(cells[1]) {
                #expect(specText.contains(fragment), "the \(lesson) specs lack \(fragment)")
            }
        }
        // The code on the page is the code the reference script builds in Keras.
        let script = try String(contentsOf: Self.root.appendingPathComponent("Tools/keras_primer_models.py"), encoding: .utf8)
        let built = script.components(separatedBy: "\n").filter { $0.contains("model.add(") }
            .map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "layers.", with: "") }
        let shown = code.components(separatedBy: "\n").filter { $0.contains("model.add(") }.map { $0.replacingOccurrences(of: "layers.", with: "") }
        #expect(!shown.isEmpty && shown.allSatisfy { built.contains($0) })
    }
}
