import Foundation

/// Runs the built `stepwise` executable, as a user would, for the test targets that check the
/// command line end to end.
public enum StepwiseExecutable {
    public struct Output: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        public let stdoutData: Data
    }

    /// The executable beside the test bundle in the build's products folder.
    public static let url: URL = {
        var folder = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("stepwise")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        fatalError("stepwise executable not found near \(Bundle.main.bundleURL.path)")
    }()

    /// A fresh empty folder for one test's outputs (removed when the tests end).
    public static func temporaryFolder() -> URL {
        TemporaryFolder.make("stepwise-cli")
    }

    /// Runs the executable with `arguments`, adding `environment` to this process's environment,
    /// in `folder` (default: this process's current folder).
    public static func run(_ arguments: [String], environment: [String: String] = [:], in folder: URL? = nil) throws -> Output {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        // stdout through a pipe, stderr to a file, so neither can block the child.
        let outPipe = Pipe()
        let errFile = temporaryFolder().appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        let errHandle = try FileHandle(forWritingTo: errFile)
        process.standardOutput = outPipe
        process.standardError = errHandle
        try process.run()
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errHandle.close()
        let errData = try Data(contentsOf: errFile)
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
    }
}
