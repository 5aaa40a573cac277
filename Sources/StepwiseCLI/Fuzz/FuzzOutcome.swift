import Foundation

/// How a case ended. A pass is exit 0, 1 or 3 with at most a one-line message, nothing
/// half-written and nothing outside its outputs touched; anything else is a failure with the
/// reason (its first words group failures by cause).
enum FuzzOutcome: Equatable {
    case exit(Int32)
    case failure(String)

    var isFailure: Bool { if case .failure = self { return true }; return false }

    /// Classifies `run` of `fuzzCase`.
    static func classify(_ run: FuzzRunner.Run, of fuzzCase: FuzzCase) -> FuzzOutcome {
        let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let lastLine = lines.last.map { String($0.prefix(160)) } ?? "no message"
        if run.timedOut { return .failure("timeout: \(fuzzCase.arguments.first ?? "stepwise") over \(Int(fuzzCase.seconds)) s") }
        if let signal = run.signal {
            let name = [SIGKILL: "SIGKILL (memory or CPU limit)", SIGXCPU: "SIGXCPU (CPU limit)", SIGSEGV: "SIGSEGV", SIGILL: "SIGILL",
                        SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGPIPE: "SIGPIPE"][signal] ?? "signal \(signal)"
            return .failure("crash: \(name)\(crashSite(lines)) — \(crashMessage(lines) ?? lastLine)")
        }
        guard [0, 1, 3].contains(run.status) else { return .failure("exit \(run.status) — \(lastLine)") }
        if run.status != 0 {
            let messages = lines.filter { $0.hasPrefix("stepwise: ") }
            guard messages.count == 1, lines.last == messages.first else {
                return .failure("message: \(lines.count) stderr lines, \(messages.count) starting \"stepwise: \" — \(lastLine)")
            }
        }
        if let problem = fileProblem(run, of: fuzzCase) { return .failure(problem) }
        return .exit(run.status)
    }

    /// " at File.swift:12": the first frame of the backtrace in this repository's sources.
    private static func crashSite(_ lines: [String]) -> String {
        for line in lines where line.contains(" at /") && line.contains("/Sources/") && !line.contains("[system]") {
            if let range = line.range(of: #"[A-Za-z0-9+]+\.swift:\d+"#, options: .regularExpression, range: line.range(of: " at /")!.upperBound..<line.endIndex) {
                return " at " + line[range]
            }
        }
        return ""
    }

    /// Swift's own words for the crash ("Fatal error: …", "arithmetic overflow").
    private static func crashMessage(_ lines: [String]) -> String? {
        let line = lines.first { $0.contains("Fatal error") || $0.contains("runtime failure") || $0.contains("fatal error") }
        return line.map { String($0.replacingOccurrences(of: "*", with: "").trimmingCharacters(in: .whitespaces).prefix(160)) }
    }

    /// A file written where it should not be, an input changed, or an output left half-done.
    private static func fileProblem(_ run: FuzzRunner.Run, of fuzzCase: FuzzCase) -> String? {
        let outputs = run.status == 1 ? [] : fuzzCase.outputs.map { "work/" + $0 }
        func isOutput(_ path: String) -> Bool {
            outputs.contains { path == $0 || path.hasPrefix($0 + "/") }
        }
        for (path, entry) in run.after.entries.sorted(by: { $0.key < $1.key }) {
            if path.contains(".partial-") || path.contains(".building-") || path.contains(".old-") {
                return "leftover: \(path)"
            }
            guard run.before.entries[path] != entry else { continue }
            if isOutput(path) { continue }
            return run.before.entries[path] == nil ? "wrote: \(path)" : "changed: \(path) (was \(run.before.entries[path]!.kind))"
        }
        for path in run.before.entries.keys.sorted() where run.after.entries[path] == nil && !isOutput(path) {
            return "removed: \(path)"
        }
        return nil
    }
}
