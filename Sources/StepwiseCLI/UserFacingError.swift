import ArgumentParser
import Foundation
import StepwiseTrace

/// Prints `message` as one line on stderr, prefixed with the program name; a newline or control
/// character in it (from a file name or a library's message) is shown escaped.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("stepwise: \(OneLine.escaped(message))\n".utf8))
}

/// Prints a line of progress or diagnostics on stderr.
func printNote(_ message: String) {
    FileHandle.standardError.write(Data("\(message)\n".utf8))
}

/// Runs `body`, turning any error into one line on stderr and exit status 1: bad input is a
/// user's normal day and never shows a stack trace.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        printError(String(describing: error))
        throw ExitCode(1)
    }
}
