import Foundation
import StepwiseTesting
import Testing
@testable import StepwiseEngine

/// Bad checkpoints and texts: each refused with one line naming the file and what is wrong.
@Suite struct BERTCheckpointTests {
    /// A copy of the tiny checkpoint in a fresh temporary folder, changed by `change`.
    private func brokenCheckpoint(_ change: (URL) throws -> Void) throws -> URL {
        let folder = TemporaryFolder.path("bert")
        try FileManager.default.copyItem(at: BERTReference.tinyCheckpoint, to: folder)
        try change(folder)
        return folder
    }

    /// Rewrites the copy's safetensors header with `edit` (the tensor bytes stay as they are).
    private func editHeader(_ folder: URL, _ edit: (inout [String: Any]) -> Void) throws {
        let url = folder.appendingPathComponent("model.safetensors")
        let bytes = try Data(contentsOf: url)
        let length = Int(bytes.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self).littleEndian })
        var header = try JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + length))) as! [String: Any]
        edit(&header)
        let newHeader = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        var newLength = UInt64(newHeader.count).littleEndian
        try (Data(bytes: &newLength, count: 8) + newHeader + bytes.subdata(in: (8 + length)..<bytes.count)).write(to: url)
    }

    /// A copy of the tiny checkpoint whose header gives tensor `name` the field `key` = `value`.
    private func checkpointSetting(_ name: String, _ key: String, to value: Any) throws -> URL {
        try brokenCheckpoint { folder in
            try editHeader(folder) { header in
                var entry = header[name] as! [String: Any]
                entry[key] = value
                header[name] = entry
            }
        }
    }

    /// The one-line message loading `folder` gives.
    private func message(loading folder: URL) -> String {
        do {
            _ = try BertCheckpoint(folder: folder, shownAs: "ckpt")
            return "loaded"
        } catch {
            return String(describing: error)
        }
    }

    private func expectMessage(_ folder: URL, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = message(loading: folder)
        #expect(text == expected, sourceLocation: sourceLocation)
        #expect(!text.contains("\n"), sourceLocation: sourceLocation)
    }

    @Test func missingFolderAndFiles() throws {
        expectMessage(URL(fileURLWithPath: "/nonexistent/bert"), "ckpt: checkpoint folder not found (run scripts/fetch-model for the course's model)")
        for name in ["config.json", "vocab.txt", "model.safetensors"] {
            let folder = try brokenCheckpoint { try FileManager.default.removeItem(at: $0.appendingPathComponent(name)) }
            expectMessage(folder, "ckpt/\(name): missing (a checkpoint folder holds config.json, vocab.txt and model.safetensors)")
        }
    }

    @Test func configWithoutANeededKey() throws {
        for key in BertConfig.integerKeys + ["layer_norm_eps"] {
            let folder = try brokenCheckpoint { folder in
                let url = folder.appendingPathComponent("config.json")
                var config = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
                config[key] = nil
                try JSONSerialization.data(withJSONObject: config).write(to: url)
            }
            expectMessage(folder, "ckpt/config.json: \(key): missing (a BERT config needs it)")
        }
    }

    @Test func truncatedHeader() throws {
        let folder = try brokenCheckpoint { folder in
            var length = UInt64(5000).littleEndian
            try (Data(bytes: &length, count: 8) + Data("{\"a\":".utf8)).write(to: folder.appendingPathComponent("model.safetensors"))
        }
        expectMessage(folder, "ckpt/model.safetensors: truncated header: it declares 5000 bytes, but only 5 follow the length")
        let short = try brokenCheckpoint { try Data([1, 2, 3]).write(to: $0.appendingPathComponent("model.safetensors")) }
        expectMessage(short, "ckpt/model.safetensors: truncated: 3 bytes, fewer than the 8-byte header length")
    }

    @Test func offsetsPastTheEnd() throws {
        let header = try SafetensorsFile(url: BERTReference.tinyCheckpoint.appendingPathComponent("model.safetensors"), shownAs: "tiny")
        let dataBytes = header.entries.values.map(\.end).max()!
        let folder = try checkpointSetting("pooler.dense.bias", "data_offsets", to: [dataBytes - 8, dataBytes + 40])
        expectMessage(folder, "ckpt/model.safetensors: pooler.dense.bias: data_offsets end \(dataBytes + 40) is past the end of the data (\(dataBytes) bytes)")
    }

    @Test func unknownAndUnsupportedDtypes() throws {
        let unknown = try checkpointSetting("embeddings.LayerNorm.bias", "dtype", to: "F17")
        expectMessage(unknown, "ckpt/model.safetensors: embeddings.LayerNorm.bias: unknown dtype \"F17\" (expected one of BF16, BOOL, F16, F32, F64, F8_E4M3, F8_E5M2, I16, I32, I64, I8, U16, U32, U64, U8)")
        let integers = try checkpointSetting("embeddings.LayerNorm.bias", "dtype", to: "I64")
        expectMessage(integers, "ckpt/model.safetensors: embeddings.LayerNorm.bias: dtype I64 is not supported (expected F32 or F64)")
    }

    @Test func tensorShapeDisagreeingWithTheConfig() throws {
        // The same bytes as the [10, 6] the config implies.
        let folder = try checkpointSetting("encoder.layer.0.intermediate.dense.weight", "shape", to: [6, 10])
        expectMessage(folder, "ckpt/model.safetensors: encoder.layer.0.intermediate.dense.weight: expected shape [10, 6] (from config.json), found [6, 10]")
    }

    @Test func missingTensorIsNamed() throws {
        let folder = try brokenCheckpoint { folder in
            try editHeader(folder) { $0["encoder.layer.1.output.dense.bias"] = nil }
        }
        expectMessage(folder, "ckpt/model.safetensors: encoder.layer.1.output.dense.bias: missing tensor")
    }

    @Test func vocabularyWithoutASpecialToken() throws {
        for token in ["[UNK]", "[CLS]", "[SEP]"] {
            let folder = try brokenCheckpoint { folder in
                let url = folder.appendingPathComponent("vocab.txt")
                let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: token + "\n", with: "[unusedX]\n")
                try text.write(to: url, atomically: true, encoding: .utf8)
            }
            expectMessage(folder, "ckpt/vocab.txt: has no \(token) token (a BERT vocabulary needs [UNK], [CLS] and [SEP])")
        }
    }

    @Test func emptyTextAndTooManyTokens() throws {
        let checkpoint = try BertCheckpoint(folder: BERTReference.tinyCheckpoint, shownAs: "tiny")
        #expect(throws: CheckpointError(file: "spec.json", location: "text", message: "expected some text, found none")) {
            try BertRun(checkpoint: checkpoint, text: "", file: "spec.json")
        }
        // 11 words and [CLS], [SEP]: 13 tokens for the tiny checkpoint's 12 positions.
        let long = Array(repeating: "dog", count: 11).joined(separator: " ")
        #expect(throws: CheckpointError(file: "spec.json", location: "text",
                                        message: "13 tokens (with [CLS] and [SEP]) are more than max_position_embeddings, 12")) {
            try BertRun(checkpoint: checkpoint, text: long, file: "spec.json")
        }
        #expect(try BertRun(checkpoint: checkpoint, text: Array(repeating: "dog", count: 10).joined(separator: " "), file: "s").ids.count == 12)
    }

    @Test func headerEntriesAreReadAsWritten() throws {
        let file = try SafetensorsFile(url: BERTReference.tinyCheckpoint.appendingPathComponent("model.safetensors"), shownAs: "tiny")
        #expect(file.entries.count == 39)
        #expect(file.entries["embeddings.word_embeddings.weight"]?.shape == [30, 6])
        #expect(file.entries["embeddings.word_embeddings.weight"]?.dtype == "F64")
        let rows = try file.rows("embeddings.word_embeddings.weight", 2..<4)
        let whole = try file.tensor("embeddings.word_embeddings.weight")
        #expect(rows.shape == [2, 6])
        #expect(rows.data == Array(whole.data[12..<24]))
    }
}
