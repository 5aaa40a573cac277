import Foundation

/// Runs one `FuzzCase` against the real `stepwise` executable, in a scratch folder of its own,
/// under limits: CPU seconds and address space (`ulimit` in a shell wrapper that then execs the
/// binary) and a wall-clock timeout after which the process is killed.
struct FuzzRunner {
    /// The `stepwise` executable under test.
    var binary: URL
    /// Address space per run, in bytes.
    var memoryLimit = 4 << 30
    /// Scales every case's time limit (a loaded machine, a debug build).
    var timeScale = 1.0

    /// What a run did, for the classifier.
    struct Run {
        var status: Int32
        /// Set when a signal ended the process (SIGKILL after a timeout included).
        var signal: Int32?
        var timedOut: Bool
        var stderr: String
        var before: FolderSnapshot
        var after: FolderSnapshot
    }

    /// Sets up `fuzzCase` in `folder` (created; must not exist) and runs it.
    func run(_ fuzzCase: FuzzCase, in folder: URL) throws -> Run {
        let work = folder.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        for file in fuzzCase.files {
            try create(file, in: work)
        }
        let before = FolderSnapshot(folder)
        let errFile = folder.appendingPathComponent("stderr.txt")
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        let errHandle = try FileHandle(forWritingTo: errFile)
        defer { try? errHandle.close() }

        let seconds = fuzzCase.seconds * timeScale
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -t \(Int(seconds.rounded(.up)) + 1); ulimit -v \(memoryLimit / 1024); exec \"$0\" \"$@\"",
                             binary.path] + fuzzCase.arguments
        process.currentDirectoryURL = work
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errHandle
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        var timedOut = false
        if finished.wait(timeout: .now() + seconds) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
        let stderr = String(decoding: (try? Data(contentsOf: errFile)) ?? Data(), as: UTF8.self)
        try? FileManager.default.removeItem(at: errFile)
        let signaled = process.terminationReason == .uncaughtSignal
        return Run(status: signaled ? -1 : process.terminationStatus, signal: signaled ? process.terminationStatus : nil,
                   timedOut: timedOut, stderr: stderr, before: before, after: FolderSnapshot(folder))
    }

    private func create(_ file: FuzzFile, in work: URL) throws {
        let url = work.appendingPathComponent(file.path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        switch file.kind {
        case .file:
            try file.data.write(to: url)
        case .folder:
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        case .symlink:
            try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: file.target ?? ".")
        case .fifo:
            guard mkfifo(url.path, 0o644) == 0 else { throw FuzzSetupError(path: file.path) }
        }
    }
}

struct FuzzSetupError: Error, CustomStringConvertible {
    let path: String
    var description: String { "cannot create the FIFO \(path)" }
}
