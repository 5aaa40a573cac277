import Foundation
import StepwiseEngine
import StepwiseRender
import StepwiseTrace
import Testing

/// Graphs beyond `GraphOptions.maxRecords` are refused with a message naming `--scope`, and a
/// scope draws part of them. (The O(n log n) crossing count is held by LayoutTests, whose
/// layouts compare it with the crossings of the drawn routes.)
@Suite struct GraphLayoutScaleTests {
    @Test func graphsOverTheCapNameScope() throws {
        // The small LSTM unrolled over 120 time steps.
        let spec = EngineTraces.lstmSpec.replacingOccurrences(of: "input_shape: [5, 2]", with: "input_shape: [120, 2]")
        let trace = try EngineTraces.run(spec).trace
        #expect(trace.steps[0].ops.count > GraphOptions.maxRecords)
        do {
            _ = try ComputationGraph.figure(trace: trace)
            Issue.record("drawn")
        } catch let error as RenderError {
            #expect(error.description.hasPrefix("step 1 of small-lstm has \(trace.steps[0].ops.count) op records to draw, more than the graph figure's 2000: narrow it with --scope"))
        }
        // A scope narrows it to one time step.
        #expect(try ComputationGraph.figure(trace: trace, options: { var o = GraphOptions(); o.scopePrefixes = ["lstm1/t1/"]; return o }()).size.width > 0)
    }
}
