import ArgumentParser
import StepwiseTrace

/// `stepwise`: the root command; each job is a subcommand.
public struct StepwiseCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "stepwise",
        abstract: "Train small neural networks one step at a time and show every number they compute.",
        version: StepwiseVersion.string,
        subcommands: [BuildCommand.self, TraceCommand.self, ReportCommand.self, RenderCommand.self, GoldenCommand.self, BenchCommand.self]
    )

    public init() {}
}
