import Foundation
import Testing

/// Real traces from the built binary validate against docs/trace.schema.json, checked by an
/// independent validator (Python's jsonschema, Debian's python3-jsonschema).
@Suite struct TraceSchemaTests {
    func validate(_ traces: [String]) throws -> (status: Int32, output: String) {
        try RepositoryTool.run("validate_trace.py", [RepositoryTool.repository.appendingPathComponent("docs/trace.schema.json").path] + traces)
    }

    @Test func tracesOfEveryRecordLevelAndADivergedRunAreValid() throws {
        let folder = StepwiseBinary.temporaryFolder()
        var traces: [String] = []
        for (fixture, record) in [("two-two-two.yaml", "ops"), ("xor.yaml", "ops"), ("xor.yaml", "layers"), ("xor.yaml", "summary"),
                                  ("diverge.yaml", "ops"), ("ring-gan.yaml", "ops")] {
            let out = folder.appendingPathComponent("\(fixture)-\(record).json").path
            _ = try StepwiseBinary.run(["trace", StepwiseBinary.fixture(fixture), "--record", record, "--out", out])
            traces.append(out)
        }
        let result = try validate(traces)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func theSchemaRejectsABrokenTrace() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let good = folder.appendingPathComponent("good.json")
        _ = try StepwiseBinary.run(["trace", StepwiseBinary.fixture("two-two-two.yaml"), "--out", good.path])
        // Drop the contract's input_grad key from the step: the schema must notice.
        var text = try String(contentsOf: good, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"input_grad\":", with: "\"inputGrad\":")
        let broken = folder.appendingPathComponent("broken.json")
        try text.write(to: broken, atomically: true, encoding: .utf8)
        let result = try validate([broken.path])
        #expect(result.status == 1)
        #expect(result.output.contains("input_grad"))
    }
}
