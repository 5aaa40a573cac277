import Foundation
@testable import StepwiseEngine

/// The BERT reference data `Tools/bert_reference.py` wrote (NumPy float64 from the raw
/// safetensors bytes, cross-checked there against transformers; tokens by BertTokenizer) and
/// the checkpoints they belong to.
enum BERTReference {
    static let folder = Bundle.module.resourceURL!.appendingPathComponent("Reference/bert")
    /// The tiny random checkpoint the script built (2 layers of width 6, 2 heads, float64).
    static let tinyCheckpoint = folder.appendingPathComponent("tiny-bert")
    /// The course's real checkpoint, when `scripts/fetch-model` has fetched it.
    static let miniLM: URL? = {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let model = root.appendingPathComponent("models/all-MiniLM-L6-v2")
        return FileManager.default.fileExists(atPath: model.appendingPathComponent("model.safetensors").path) ? model : nil
    }()

    struct Case: Decodable {
        let text: String
        let tokens: [String]
        let input_ids: [Int]
        let values: [String: Value]?
        let hidden_states_every_8th_feature: [Value]?
        let attentions: [Value]?
        let pooler: Value?
        let sentence_embedding: Value?
    }

    struct Value: Decodable {
        let shape: [Int]
        let data: [Double]
    }

    struct File: Decodable {
        let cases: [Case]
    }

    static func cases(_ name: String) throws -> [Case] {
        try JSONDecoder().decode(File.self, from: Data(contentsOf: folder.appendingPathComponent(name))).cases
    }

    /// max |actual − expected| / max(1, max |expected|): the parity measure (≤ 1e-12).
    static func scaledDifference(_ actual: [Double], _ expected: [Double]) -> Double {
        precondition(actual.count == expected.count, "\(actual.count) values, expected \(expected.count)")
        let scale = max(1, expected.map(Swift.abs).max() ?? 0)
        return zip(actual, expected).map { Swift.abs($0 - $1) }.max().map { $0 / scale } ?? 0
    }
}
