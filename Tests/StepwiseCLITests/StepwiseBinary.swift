import Foundation
import StepwiseTesting

/// The built `stepwise` executable (StepwiseTesting's runner) and this target's fixtures.
enum StepwiseBinary {
    typealias Output = StepwiseExecutable.Output

    static var executable: URL { StepwiseExecutable.url }

    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static func temporaryFolder() -> URL { StepwiseExecutable.temporaryFolder() }

    static func run(_ arguments: [String], environment: [String: String] = [:], in folder: URL? = nil) throws -> Output {
        try StepwiseExecutable.run(arguments, environment: environment, in: folder)
    }
}

/// Runs the repository's Python checkers (Tools/*.py) with Debian's python3, which the test
/// command installs with their packages.
enum RepositoryTool {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `Tools/<script>` with `arguments`: (exit status, stdout and stderr together).
    static func run(_ script: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [repository.appendingPathComponent("Tools/\(script)").path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
