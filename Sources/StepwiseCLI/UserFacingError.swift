import ArgumentParser
import Foundation

/// Prints `message` as one line on stderr, prefixed with the program name.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("stepwise: \(message)\n".utf8))
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
