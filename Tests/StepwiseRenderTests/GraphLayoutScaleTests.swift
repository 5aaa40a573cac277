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
        let spec = """
            name: long-lstm
            seed: 1
            input_shape: [120, 1]
            layers:
              - {type: lstm, name: lstm1, units: 2}
              - {type: dense, name: output, units: 1}
            loss: mse
            optimizer: {type: sgd, learning_rate: 0.1}
            data: {generate: {samples: 1}}
            """
        let trace = try EngineTraces.run(spec).trace
        #expect(trace.steps[0].ops.count > GraphOptions.maxRecords)
        do {
            _ = try ComputationGraph.figure(trace: trace)
            Issue.record("drawn")
        } catch let error as RenderError {
            #expect(error.description.hasPrefix("step 1 of long-lstm has \(trace.steps[0].ops.count) op records to draw, more than the graph figure's 2000: narrow it with --scope"))
        }
        // A scope narrows it to one time step.
        #expect(try ComputationGraph.figure(trace: trace, options: { var o = GraphOptions(); o.scopePrefixes = ["lstm1/t1/"]; return o }()).size.width > 0)
    }
}
