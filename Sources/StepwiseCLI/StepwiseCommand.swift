import ArgumentParser
import Foundation
import StepwiseTrace

/// `stepwise`: the root command; each job is a subcommand.
public struct StepwiseCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "stepwise",
        abstract: "Train small neural networks one step at a time and show every number they compute.",
        version: StepwiseVersion.string,
        subcommands: [BuildCommand.self, TraceCommand.self, ReportCommand.self, RenderCommand.self, GoldenCommand.self, BenchCommand.self,
                      TokenizeCommand.self, FuzzCommand.self, FuzzLoadCommand.self]
    )

    public init() {}

    /// Parses the command line and runs the chosen command. `--help` and `--version` print as
    /// usual; a bad command line gets one line on stderr pointing at `--help`, and exit 1 (not
    /// ArgumentParser's usage dump and exit 64).
    public static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        var command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            printError("\(argumentMessage(for: error)) (see '\(helpCommand(for: arguments)) --help')")
            Foundation.exit(1)
        }
        do {
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            printError(argumentMessage(for: error))
            Foundation.exit(1)
        }
    }

    /// ArgumentParser's message without its "Error:" prefix, usage and help lines, on one line.
    static func argumentMessage(for error: Error) -> String {
        let lines = message(for: error).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("Usage:") && !$0.hasPrefix("Help:") && !$0.hasPrefix("See '") }
        var text = lines.joined(separator: " ")
        if text.hasPrefix("Error: ") { text.removeFirst("Error: ".count) }
        return text.isEmpty ? "invalid command line" : text
    }

    /// "stepwise" or "stepwise trace": the command whose --help explains `arguments`.
    static func helpCommand(for arguments: [String]) -> String {
        let names = configuration.subcommands.map { $0.configuration.commandName ?? "" }
        if let first = arguments.first, names.contains(first) { return "stepwise \(first)" }
        return "stepwise"
    }
}
