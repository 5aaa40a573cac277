import StepwiseEngine
import StepwiseRender
import StepwiseTrace
import StepwiseWords

/// Builds the optimizer-paths figure's input from several runs of one two-parameter model: each
/// run's path is its parameters before step 1 and after every kept step's update, read from the
/// trace; the contours are the engine's own loss (`Model.evaluate`, the training loss with any
/// regularization, as the trace's `loss`) on the runs' data, evaluated with the parameters set to
/// each grid cell's centre. The runs must share the model, the data and the start.
enum OptimizerPathsMaker {
    /// One scalar parameter of the model: its name and index in its tensor.
    struct Coordinate: Equatable {
        let name: String
        let index: [Int]
        let shape: [Int]
    }

    /// The model's parameter elements in architecture order; `nil` unless there are exactly two.
    static func coordinates(of trace: Trace) -> [Coordinate]? {
        guard let first = trace.steps.first else { return nil }
        var coordinates: [Coordinate] = []
        for layer in trace.architecture.layers {
            for param in layer.params {
                let name = "\(layer.name)/\(param)"
                guard let record = first.params[name] else { return nil }
                let shape = record.before.shape
                for flat in 0..<record.before.data.count {
                    var index: [Int] = []
                    var rest = flat
                    for size in shape.reversed() {
                        index.insert(rest % size, at: 0)
                        rest /= size
                    }
                    coordinates.append(Coordinate(name: name, index: index, shape: shape))
                }
            }
        }
        return coordinates.count == 2 ? coordinates : nil
    }

    static func input(runs: [(label: String, traced: TracedSpec)], reference: TraceReference,
                      columns: Int = 60, rows: Int = 60, edition: Edition = .en) throws -> OptimizerPathsInput {
        guard let base = runs.first else { throw reference.error("optimizer-paths needs at least one spec") }
        guard let coordinates = coordinates(of: base.traced.trace) else {
            throw reference.error("optimizer-paths draws a model of exactly two parameters; spec \"\(Excerpt(reference.spec))\" has \(base.traced.initialModel.parameters.values.map(\.count).reduce(0, +))")
        }
        func value(_ tensor: TensorValue, _ coordinate: Coordinate) -> Double {
            tensor.data[zip(coordinate.index, coordinate.shape).reduce(0) { $0 * $1.1 + $1.0 }]
        }
        func point(_ step: TraceStep, after: Bool) -> Point {
            let values = coordinates.map { coordinate -> Double in
                let record = step.params[coordinate.name]!
                return value(after ? record.after : record.before, coordinate)
            }
            return Point(values[0], values[1])
        }
        var paths: [OptimizerPath] = []
        for run in runs {
            let trace = run.traced.trace
            guard self.coordinates(of: trace) == coordinates, trace.architecture.layers == base.traced.trace.architecture.layers,
                  run.traced.spec.loss == base.traced.spec.loss,
                  run.traced.spec.dataset.inputs == base.traced.spec.dataset.inputs,
                  run.traced.spec.dataset.targets == base.traced.spec.dataset.targets,
                  let first = trace.steps.first, first.step == 1 else {
                throw reference.error("optimizer-paths compares runs of one model on one data set from step 1; \"\(Excerpt(run.label))\" differs from \"\(Excerpt(runs[0].label))\"")
            }
            let start = point(first, after: false)
            if let firstPath = paths.first, firstPath.points[0] != start {
                throw reference.error("optimizer-paths needs one start; \"\(Excerpt(run.label))\" starts at (\(start.x), \(start.y)), \"\(Excerpt(firstPath.label))\" at (\(firstPath.points[0].x), \(firstPath.points[0].y))")
            }
            paths.append(OptimizerPath(label: run.label, points: [start] + trace.steps.map { point($0, after: true) }))
        }
        let all = paths.flatMap(\.points)
        guard all.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else { throw reference.error("optimizer-paths: a run's parameters are not finite") }
        func padded(_ values: [Double]) -> ClosedRange<Double> {
            let low = values.min()!, high = values.max()!
            let pad = max(0.08 * (high - low), 0.1)
            return (low - pad)...(high + pad)
        }
        var grid = DecisionGrid(xRange: padded(all.map(\.x)), yRange: padded(all.map(\.y)), columns: columns, rows: rows,
                                values: [Double](repeating: 0, count: columns * rows))
        let model = base.traced.initialModel, data = base.traced.spec.dataset
        grid.values = grid.centers.map { centre in
            var parameters = coordinates.reduce(into: [String: Tensor]()) { tensors, coordinate in
                tensors[coordinate.name] = tensors[coordinate.name] ?? model.parameters[coordinate.name]!
            }
            for (coordinate, x) in zip(coordinates, [centre.x, centre.y]) {
                var tensor = parameters[coordinate.name]!
                tensor.data[zip(coordinate.index, coordinate.shape).reduce(0) { $0 * $1.1 + $1.0 }] = x
                parameters[coordinate.name] = tensor
            }
            return model.replacingParameters(parameters).evaluate(inputs: data.inputs, targets: data.targets).total
        }
        let labels = ReaderLabel(base.traced.trace.architecture, edition: edition)
        return OptimizerPathsInput(grid: grid, paths: paths,
                                   xLabel: Markup.escape(labels.parameter(coordinates[0].name, index: coordinates[0].index)),
                                   yLabel: Markup.escape(labels.parameter(coordinates[1].name, index: coordinates[1].index)),
                                   model: runs.map { $0.traced.trace.model }.joined(separator: ", "))
    }
}
