import ArgumentParser
import Foundation
import StepwiseEngine
import StepwiseLessons
import StepwiseTrace

/// `stepwise fuzz-load KIND FILE`: calls one library entry point on a file and reports the
/// result in one line, so the fuzzer can run the libraries in a process it can watch (hidden).
struct FuzzLoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz-load",
        abstract: "Load a spec (and build its model), a trace, or a lesson folder through the libraries.",
        shouldDisplay: false
    )

    enum Kind: String, ExpressibleByArgument { case spec, trace, lesson }

    @Argument(help: "spec, trace or lesson.")
    var kind: Kind

    @Argument(help: "The file (a lesson: its folder).")
    var path: String

    func run() throws {
        try reportingErrors {
            let url = URL(fileURLWithPath: path)
            switch kind {
            case .spec:
                let spec = try ModelSpec.load(contentsOf: url)
                let model = spec.makeModel()
                print("spec \(spec.name): \(model.architecture(optimizer: spec.optimizer.type).layers.count) layers")
            case .trace:
                let trace = try TraceReader.read(contentsOf: url)
                print("trace \(trace.model): \(trace.steps.count) steps")
            case .lesson:
                let lesson = try LessonSource.load(folder: url)
                print("lesson \(lesson.id): \(lesson.blocks.count) blocks")
            }
        }
    }
}
