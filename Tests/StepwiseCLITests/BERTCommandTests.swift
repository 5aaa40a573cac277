import Foundation
import Testing

/// `stepwise tokenize` and `stepwise trace` on BERT specs, end to end through the built binary,
/// on the tiny checkpoint Tools/bert_reference.py built (StepwiseEngineTests' reference data).
@Suite struct BERTCommandTests {
    static let tinyCheckpoint = RepositoryTool.repository.appendingPathComponent("Tests/StepwiseEngineTests/Reference/bert/tiny-bert")

    /// A scratch folder holding a copy of the tiny checkpoint as `ckpt` and a spec `spec.json`
    /// with `fields` (the checkpoint relative to the spec).
    static func scratchSpec(_ fields: String = #""text": "Hello, my dog is cute""#) throws -> (folder: URL, spec: String) {
        let folder = StepwiseBinary.temporaryFolder()
        try FileManager.default.copyItem(at: tinyCheckpoint, to: folder.appendingPathComponent("ckpt"))
        let spec = folder.appendingPathComponent("spec.json")
        try #"{"name": "hello-bert", "kind": "bert", "checkpoint": "ckpt", \#(fields)}"#.write(to: spec, atomically: true, encoding: .utf8)
        return (folder, spec.path)
    }

    @Test func tokenizePrintsPiecesAndIds() throws {
        let text = try StepwiseBinary.run(["tokenize", Self.tinyCheckpoint.path, "The unaffable dogs"])
        #expect(text.status == 0)
        #expect(text.stdout == "2\t[CLS]\n8\tthe\n15\tun\n16\t##aff\n17\t##able\n10\tdog\n18\t##s\n3\t[SEP]\n")
        let json = try StepwiseBinary.run(["tokenize", Self.tinyCheckpoint.path, "my dog", "--json"])
        #expect(json.stdout == #"{"input_ids":[2,9,10,3],"tokens":["[CLS]","my","dog","[SEP]"]}"# + "\n")
    }

    @Test func tokenizeRefusesBadInputInOneLine() throws {
        let missing = try StepwiseBinary.run(["tokenize", "/nonexistent/ckpt", "my dog"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "stepwise: /nonexistent/ckpt: checkpoint folder not found (run scripts/fetch-model for the course's model)\n")
        let empty = try StepwiseBinary.run(["tokenize", Self.tinyCheckpoint.path, ""])
        #expect(empty.status == 1)
        #expect(empty.stderr == "stepwise: stepwise tokenize: TEXT: expected some text, found none\n")
    }

    @Test func traceWritesOneForwardStepWithTheContractKeys() throws {
        let (folder, spec) = try Self.scratchSpec()
        let out = folder.appendingPathComponent("trace.json").path
        let result = try StepwiseBinary.run(["trace", spec, "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        let trace = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as! [String: Any]
        #expect(trace["model"] as? String == "hello-bert")
        let steps = trace["steps"] as! [[String: Any]]
        #expect(steps.count == 1)
        let step = steps[0]
        #expect(step["loss"] is NSNull && step["input_grad"] is NSNull)
        #expect((step["params"] as? [String: Any])?.isEmpty == true)
        let outputs = step["outputs"] as! [String: [String: Any]]
        #expect(outputs.keys.sorted() == ["embeddings", "encoder/layer0", "encoder/layer1", "pooler", "sentence_embedding"])
        #expect(outputs["encoder/layer1"]?["shape"] as? [Int] == [1, 8, 6])
        let ops = step["ops"] as! [[String: Any]]
        let weights = ops.first { $0["scope"] as? String == "encoder/layer0/attention/head2/weights" }
        #expect((weights?["value"] as? [String: Any])?["shape"] as? [Int] == [1, 8, 8])
        #expect(ops.contains { $0["op"] as? String == "gelu" })
        // The same schema as every other trace, checked by an independent validator.
        let schema = try RepositoryTool.run("validate_trace.py", [RepositoryTool.repository.appendingPathComponent("docs/trace.schema.json").path, out])
        #expect(schema.status == 0, "\(schema.output)")
    }

    @Test func aNaNWeightIsReportedWithExitThree() throws {
        let (folder, spec) = try Self.scratchSpec()
        // Overwrite the first number of embeddings.LayerNorm.bias (float64) with a NaN.
        let weights = folder.appendingPathComponent("ckpt/model.safetensors")
        var bytes = try Data(contentsOf: weights)
        let length = Int(bytes.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self).littleEndian })
        let header = try JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + length))) as! [String: Any]
        let begin = ((header["embeddings.LayerNorm.bias"] as! [String: Any])["data_offsets"] as! [Int])[0]
        var nan = Double.nan.bitPattern.littleEndian
        bytes.replaceSubrange((8 + length + begin)..<(8 + length + begin + 8), with: Data(bytes: &nan, count: 8))
        try bytes.write(to: weights)
        let out = folder.appendingPathComponent("trace.json")
        let result = try StepwiseBinary.run(["trace", spec, "--out", out.path])
        #expect(result.status == 3)
        #expect(result.stderr == "stepwise: \(spec): step 1: first non-finite value in the forward value of embeddings/layer_norm/beta (trace written)\n")
        #expect(try String(contentsOf: out, encoding: .utf8).contains(#""NaN""#))
    }

    @Test func renderDrawsBertFiguresAndRefusesTrainingFiguresOfAForwardTrace() throws {
        let (folder, spec) = try Self.scratchSpec()
        let trace = folder.appendingPathComponent("t.json").path
        #expect(try StepwiseBinary.run(["trace", spec, "--out", trace]).status == 0)
        let render = try StepwiseBinary.run(["render", trace, "--figure", "loss", "--out", folder.appendingPathComponent("f.png").path])
        #expect(render.status == 1)
        #expect(render.stderr == "stepwise: \(trace): a forward pass only (a BERT encoder's trace, with no loss): draw it with the BERT figures (head-view, model-view, embedding-sum, hidden-change, sentence-similarity)\n")
        let headView = folder.appendingPathComponent("h.svg")
        let drawn = try StepwiseBinary.run(["render", trace, "--figure", "head-view", "--layer", "2", "--heads", "1,2", "--out", headView.path])
        #expect(drawn.status == 0, "\(drawn.stderr)")
        #expect(try String(contentsOf: headView, encoding: .utf8).contains("Layer 2, all 2 heads"))
        let similar = try StepwiseBinary.run(["render", trace, "--figure", "sentence-similarity", "--with", trace, "--out", folder.appendingPathComponent("s.png").path])
        #expect(similar.status == 0, "\(similar.stderr)")
        let noHead = try StepwiseBinary.run(["render", trace, "--figure", "head-view", "--heads", "7", "--out", folder.appendingPathComponent("x.png").path])
        #expect(noHead.status == 1)
        #expect(noHead.stderr == "stepwise: \(trace): head 7: each layer has heads 1 to 2\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x.png").path))
        let layersOnly = folder.appendingPathComponent("layers.json").path
        #expect(try StepwiseBinary.run(["trace", spec, "--record", "layers", "--out", layersOnly]).status == 0)
        let noOps = try StepwiseBinary.run(["render", layersOnly, "--figure", "model-view", "--out", folder.appendingPathComponent("m.png").path])
        #expect(noOps.stderr == "stepwise: \(layersOnly): the trace has no encoder/layer0/attention/head1/weights (record it with stepwise trace --record ops)\n")
    }

    @Test func benchTimesIt() throws {
        let (_, spec) = try Self.scratchSpec()
        let bench = try StepwiseBinary.run(["bench", spec, "--seconds", "0.02", "--json"])
        #expect(bench.status == 0, "\(bench.stderr)")
        #expect(bench.stdout.contains("\"hello-bert checkpoint load\""))
    }

    @Test func traceRecordLevelsAndBadSpecs() throws {
        let (folder, spec) = try Self.scratchSpec()
        let layers = try StepwiseBinary.run(["trace", spec, "--record", "layers"])
        #expect(layers.status == 0)
        #expect(layers.stdout.contains(#""ops":[]"#) && layers.stdout.contains(#""encoder/layer0""#))
        let (_, noText) = try Self.scratchSpec(#""txt": "x""#)
        let out = folder.appendingPathComponent("never.json")
        let unknown = try StepwiseBinary.run(["trace", noText, "--out", out.path])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasSuffix("spec.json: txt: unknown field (expected one of: name, kind, checkpoint, text)\n"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let (_, long) = try Self.scratchSpec(#""text": "dog dog dog dog dog dog dog dog dog dog dog""#)
        let tooLong = try StepwiseBinary.run(["trace", long])
        #expect(tooLong.status == 1)
        #expect(tooLong.stderr.hasSuffix("spec.json: text: 13 tokens (with [CLS] and [SEP]) are more than max_position_embeddings, 12\n"))
    }
}
