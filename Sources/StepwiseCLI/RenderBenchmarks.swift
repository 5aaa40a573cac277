import Foundation
import StepwiseEngine
import StepwiseRender
import StepwiseTrace

/// Figure rendering cases of `stepwise bench`: layout plus encoding, per figure.
enum RenderBenchmarks {
    struct Case {
        let name: String
        /// The row title in the README's table.
        let title: String
        let make: () throws -> Data
    }

    static func cases() throws -> [Case] {
        var random = SeededRandom(seed: 3, label: "bench/heatmap")
        let tensor = TensorValue(shape: [16, 16], data: (0..<256).map { _ in random.uniform(-1, 1) })
        let heatmap = { try Heatmap.figure(tensor: tensor, name: "bench/heatmap", model: "bench", step: 1) }
        // A 3-4-3 dense network: 10 neurons.
        let spec = try ModelSpec.parse("""
            name: network-10
            seed: 2
            input_shape: [3]
            layers:
              - {type: dense, name: hidden, units: 4, activation: tanh}
              - {type: dense, name: output, units: 3, activation: softmax}
            loss: cross_entropy
            optimizer: {type: sgd, learning_rate: 0.1}
            data: {inputs: [[0.1, 0.5, 0.9]], targets: [[0, 1, 0]]}
            """, file: "builtin:network-10")
        var run = spec.makeRun()
        var steps: [TraceStep] = []
        run.run(record: .ops) { steps.append($0.trace) }
        let trace = Trace(model: spec.name, architecture: run.trainer.model.architecture(optimizer: "sgd"), steps: steps)
        return [
            Case(name: "heatmap-16x16-png", title: "16×16 heatmap with colour bar, PNG") { try Renderer.render(try heatmap(), as: .png) },
            Case(name: "heatmap-16x16-svg", title: "16×16 heatmap with colour bar, SVG") { try Renderer.render(try heatmap(), as: .svg) },
            Case(name: "network-10-png", title: "10-node network diagram, PNG") { try Renderer.render(try NetworkDiagram.figure(trace: trace), as: .png) },
        ]
    }

    /// Mean milliseconds per figure over `seconds`, after a warm-up.
    static func time(_ benchCase: Case, seconds: Double) throws -> Double {
        for _ in 0..<3 { _ = try benchCase.make() }
        let clock = ContinuousClock()
        let start = clock.now
        let budget = Duration.milliseconds(Int64(seconds * 1000))
        var count = 0
        repeat {
            _ = try benchCase.make()
            count += 1
        } while clock.now - start < budget
        let elapsed = clock.now - start
        return (Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15) / Double(count)
    }
}
