import Foundation
import Testing
@testable import StepwiseEngine

/// Names with control characters are refused with one line naming the field; other names,
/// however hostile to markup, are the renderers' business (they escape them) and pass.
@Suite struct SpecNameTests {
    static func spec(model: String, layers: [String]) throws -> String {
        let object: [String: Any] = [
            "name": model, "input_shape": [2], "loss": "mse", "optimizer": ["type": "sgd", "learning_rate": 0.1],
            "layers": layers.map { ["type": "dense", "name": $0, "units": 1] },
            "data": ["inputs": [[0.5, 0.1]], "targets": [[1.0]]],
        ]
        // JSONSerialization writes DEL as it is, which the YAML reader refuses as a raw character: escape it.
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
            .replacingOccurrences(of: "\u{7F}", with: "\\u007f")
    }

    func message(model: String = "m", layers: [String] = ["a", "b"]) throws -> String? {
        do {
            _ = try ModelSpec.parse(try Self.spec(model: model, layers: layers), file: "spec.json")
            return nil
        } catch {
            return String(describing: error)
        }
    }

    @Test func controlCharactersInNamesAreRefused() throws {
        #expect(try message(model: "a\u{0}b") == "spec.json: name: expected a name without control characters, found U+0000 at character 2")
        #expect(try message(model: "x\u{7F}") == "spec.json: name: expected a name without control characters, found U+007F at character 2")
        #expect(try message(layers: ["a", "bb\u{1}"]) == "spec.json: layers[1].name: expected a name without control characters, found U+0001 at character 3")
        #expect(try message(layers: ["line\nbreak", "b"]) == "spec.json: layers[0].name: expected a name without control characters, found U+000A at character 5")
        #expect(try message(layers: ["\u{1F}", "b"]) == "spec.json: layers[0].name: expected a name without control characters, found U+001F at character 1")
    }

    @Test func markupInNamesIsAllowed() throws {
        #expect(try message(model: #""><script>alert(1)</script> ---> é 学"#, layers: ["<img src=x onerror=alert(2)>", "a & 'b' -"]) == nil)
    }
}
