import Foundation
import Testing

/// Outputs never destroy what the user has (issue 18) and survive interrupted and concurrent
/// runs (issue 15): every case through the built binary, in a scratch folder.
@Suite struct OutputSafetyTests {
    let fileManager = FileManager.default

    /// A fake project: `.git/HEAD`, `notes.txt`, `xor.yaml` and `lessons/a/lesson.md` (saved with
    /// CRLF line ends) whose spec is `lessons/a/net.yaml`.
    func makeProject(lesson body: String = "Hello.", specSteps: Int = 5, specEntry: String = "net.yaml") throws -> URL {
        let project = StepwiseBinary.temporaryFolder().appendingPathComponent("project")
        try fileManager.createDirectory(at: project.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Data("ref: refs/heads/main\n".utf8).write(to: project.appendingPathComponent(".git/HEAD"))
        try Data("my notes\n".utf8).write(to: project.appendingPathComponent("notes.txt"))
        let spec = try String(contentsOfFile: StepwiseBinary.fixture("xor.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "steps: 5,", with: "steps: \(specSteps),")
        try Data(spec.utf8).write(to: project.appendingPathComponent("xor.yaml"))
        let lesson = project.appendingPathComponent("lessons/a")
        try fileManager.createDirectory(at: lesson, withIntermediateDirectories: true)
        try Data(spec.utf8).write(to: lesson.appendingPathComponent("net.yaml"))
        let text = "---\ntitle: A\norder: 1\nspecs: {net: \(specEntry)}\n---\n\(body)\n"
        try Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: lesson.appendingPathComponent("lesson.md"))
        return project
    }

    /// Every path under `folder` with its bytes (nil for a folder), links not followed.
    func snapshot(_ folder: URL) throws -> [String: Data?] {
        var result: [String: Data?] = [:]
        for case let path as String in fileManager.enumerator(atPath: folder.path)! {
            let full = folder.appendingPathComponent(path).path
            var isDirectory: ObjCBool = false
            _ = fileManager.fileExists(atPath: full, isDirectory: &isDirectory)
            result[path] = isDirectory.boolValue ? nil : fileManager.contents(atPath: full)
        }
        return result
    }

    func expectOneLineRefusal(_ output: StepwiseBinary.Output, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(output.status == 1, sourceLocation: sourceLocation)
        #expect(output.stderr.hasPrefix("stepwise: "), sourceLocation: sourceLocation)
        #expect(output.stderr.contains(text), "\(output.stderr)", sourceLocation: sourceLocation)
        #expect(output.stderr.filter { $0 == "\n" }.count == 1, "\(output.stderr)", sourceLocation: sourceLocation)
    }

    @Test func buildRefusesEveryOutputItDidNotMake() throws {
        let project = try makeProject()
        let parent = project.deletingLastPathComponent()
        try Data("sibling".utf8).write(to: parent.appendingPathComponent("sibling.txt"))
        let stranger = project.appendingPathComponent("photos")
        try fileManager.createDirectory(at: stranger, withIntermediateDirectories: true)
        try Data("jpeg".utf8).write(to: stranger.appendingPathComponent("cat.jpg"))
        let before = try snapshot(parent)
        let cases: [(out: String, reason: String)] = [
            (".", "it is the current folder or one of the folders above it"),
            ("..", "it is the current folder or one of the folders above it"),
            ("/", "it is the current folder or one of the folders above it"),
            ("lessons", "it is, holds or lies inside the lessons folder"),
            ("lessons/a", "it is, holds or lies inside the lessons folder"),
            ("lessons/site", "it is, holds or lies inside the lessons folder"),
            ("notes.txt", "it is a file; a site is a folder"),
            ("photos", "the folder is not a site stepwise built"),
        ]
        for (out, reason) in cases {
            for clean in [[], ["--clean"]] {
                let result = try StepwiseBinary.run(["build", "--lessons", "lessons", "--out", out] + clean, in: project)
                expectOneLineRefusal(result, "stepwise: \(out): cannot write: \(reason)")
            }
        }
        // --out lessons from inside the project's parent, and a link to the lessons folder.
        try fileManager.createSymbolicLink(at: parent.appendingPathComponent("link"), withDestinationURL: project.appendingPathComponent("lessons"))
        let viaLink = try StepwiseBinary.run(["build", "--lessons", "project/lessons", "--out", "link"], in: parent)
        expectOneLineRefusal(viaLink, "lies inside the lessons folder")
        try fileManager.removeItem(at: parent.appendingPathComponent("link"))
        #expect(try snapshot(parent) == before)

        // A site it built is its own: built, rebuilt and rebuilt clean; its README.md stays.
        let first = try StepwiseBinary.run(["build", "--lessons", "lessons", "--out", "site"], in: project)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(fileManager.fileExists(atPath: project.appendingPathComponent("site/.stepwise-output").path))
        try Data("kept".utf8).write(to: project.appendingPathComponent("site/README.md"))
        for clean in [[], ["--clean"]] {
            let again = try StepwiseBinary.run(["build", "--lessons", "lessons", "--out", "site"] + clean, in: project)
            #expect(again.status == 0, "\(again.stderr)")
        }
        #expect(fileManager.contents(atPath: project.appendingPathComponent("site/README.md").path) == Data("kept".utf8))
    }

    @Test func crlfLessonBuilds() throws {
        let project = try makeProject(lesson: "A paragraph saved on Windows.")
        let result = try StepwiseBinary.run(["build", "--lessons", "lessons", "--out", "site"], in: project)
        #expect(result.status == 0, "\(result.stderr)")
        let page = try String(contentsOf: project.appendingPathComponent("site/a/index.html"), encoding: .utf8)
        #expect(page.contains("A paragraph saved on Windows."))
        #expect(!page.contains("\r"))
    }

    @Test func lessonSpecPathsStayInsideTheLessonsFolder() throws {
        let project = try makeProject()
        let lesson = project.appendingPathComponent("lessons/a/lesson.md")
        try fileManager.createSymbolicLink(at: project.appendingPathComponent("lessons/a/linked.yaml"),
                                           withDestinationURL: project.appendingPathComponent("xor.yaml"))
        for path in ["../../../../../../../../etc/passwd", "../../xor.yaml", "linked.yaml"] {
            try Data("---\ntitle: A\norder: 1\nspecs: {net: \"\(path)\"}\n---\nHello.\n".utf8).write(to: lesson)
            let result = try StepwiseBinary.run(["build", "--lessons", "lessons", "--out", "site"], in: project)
            expectOneLineRefusal(result, "is outside the lessons folder")
            #expect(!result.stderr.contains("root:"))
            #expect(!fileManager.fileExists(atPath: project.appendingPathComponent("site").path))
        }
    }

    @Test func anOutputNeverReplacesAnInput() throws {
        let project = try makeProject()
        let spec = project.appendingPathComponent("xor.yaml")
        let original = try Data(contentsOf: spec)
        try fileManager.createSymbolicLink(at: project.appendingPathComponent("spec-link.yaml"), withDestinationURL: spec)
        try fileManager.linkItem(at: spec, to: project.appendingPathComponent("spec-hard.yaml"))
        for out in ["xor.yaml", "spec-link.yaml", "spec-hard.yaml"] {
            expectOneLineRefusal(try StepwiseBinary.run(["trace", "xor.yaml", "--out", out], in: project), "it is the spec")
            expectOneLineRefusal(try StepwiseBinary.run(["trace", "xor.yaml", "--resolved-spec", out], in: project), "it is the spec")
            expectOneLineRefusal(try StepwiseBinary.run(["report", "xor.yaml", "--single-file", "--out", out], in: project),
                                 "it is the spec")
        }
        // The single-file report's trace beside it would be the spec.
        #expect(try StepwiseBinary.run(["trace", "xor.yaml", "--out", "t.json", "--resolved-spec", "r.trace.json"], in: project).status == 0)
        let traceBeside = try StepwiseBinary.run(["report", "r.trace.json", "--single-file", "--out", "r.html"], in: project)
        expectOneLineRefusal(traceBeside, "it is the spec")
        // A report folder that holds the spec.
        #expect(try StepwiseBinary.run(["report", "xor.yaml", "--out", "rep"], in: project).status == 0)
        try fileManager.copyItem(at: spec, to: project.appendingPathComponent("rep/xor.yaml"))
        expectOneLineRefusal(try StepwiseBinary.run(["report", "rep/xor.yaml", "--out", "rep"], in: project), "it is, holds or lies inside the spec")
        #expect(try Data(contentsOf: project.appendingPathComponent("rep/xor.yaml")) == original)
        let both = try StepwiseBinary.run(["trace", "xor.yaml", "--out", "same.json", "--resolved-spec", "./same.json"], in: project)
        expectOneLineRefusal(both, "--out and --resolved-spec name the same file")
        #expect(try Data(contentsOf: spec) == original)
        #expect(!fileManager.fileExists(atPath: project.appendingPathComponent("same.json").path))
        #expect(!fileManager.fileExists(atPath: project.appendingPathComponent("r.html").path))
        // A figure never replaces the trace it draws, nor one it compares with.
        #expect(try StepwiseBinary.run(["trace", "xor.yaml", "--out", "t.svg"], in: project).status == 0)
        try fileManager.copyItem(at: project.appendingPathComponent("t.svg"), to: project.appendingPathComponent("u.svg"))
        let drawn = try Data(contentsOf: project.appendingPathComponent("t.svg"))
        expectOneLineRefusal(try StepwiseBinary.run(["render", "t.svg", "--figure", "loss", "--out", "t.svg"], in: project), "it is the trace")
        expectOneLineRefusal(try StepwiseBinary.run(["render", "t.svg", "--figure", "compare-loss", "--with", "u.svg", "--out", "./u.svg"], in: project),
                             "it is the trace")
        #expect(try Data(contentsOf: project.appendingPathComponent("t.svg")) == drawn)
        #expect(try Data(contentsOf: project.appendingPathComponent("u.svg")) == drawn)
    }

    @Test func aLinkedOutputReplacesTheFileItPointsTo() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let real = folder.appendingPathComponent("elsewhere/trace.json")
        try fileManager.createDirectory(at: real.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("old".utf8).write(to: real)
        let link = folder.appendingPathComponent("trace.json")
        try fileManager.createSymbolicLink(at: link, withDestinationURL: real)
        let result = try StepwiseBinary.run(["trace", StepwiseBinary.fixture("xor.yaml"), "--out", link.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try fileManager.destinationOfSymbolicLink(atPath: link.path) == real.path)
        #expect(try String(contentsOf: real, encoding: .utf8).hasPrefix("{"))
        #expect(try fileManager.contentsOfDirectory(atPath: real.deletingLastPathComponent().path) == ["trace.json"])
    }

    @Test func aFIFOIsWrittenStraightIntoNeverReplaced() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let fifo = folder.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        // With no process reading it, the pipe is refused at once instead of blocking forever.
        expectOneLineRefusal(try StepwiseBinary.run(["trace", StepwiseBinary.fixture("xor.yaml"), "--out", fifo.path]),
                             "no process is reading")
        // A read end held open here, so the pipe has a reader before `cat` gets to it; only `cat` reads.
        let heldOpen = open(fifo.path, O_RDONLY | O_NONBLOCK)
        #expect(heldOpen >= 0)
        defer { close(heldOpen) }
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo.path]
        let pipe = Pipe()
        reader.standardOutput = pipe
        try reader.run()
        let result = try StepwiseBinary.run(["trace", StepwiseBinary.fixture("xor.yaml"), "--out", fifo.path])
        let received = pipe.fileHandleForReading.readDataToEndOfFile()
        reader.waitUntilExit()
        #expect(result.status == 0, "\(result.stderr)")
        let direct = try StepwiseBinary.run(["trace", StepwiseBinary.fixture("xor.yaml")])
        #expect(received == direct.stdoutData)
        var info = stat()
        #expect(lstat(fifo.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
        #expect(try fileManager.contentsOfDirectory(atPath: folder.path) == ["pipe"])
        // A single-file report is refused on it rather than replacing it.
        let report = try StepwiseBinary.run(["report", StepwiseBinary.fixture("xor.yaml"), "--single-file", "--out", fifo.path])
        expectOneLineRefusal(report, "not a regular file")
        #expect(lstat(fifo.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
    }

    /// The pid of a process that has exited.
    func deadProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func leftoversOfDeadRunsAreRemovedAndLiveOnesKept() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let dead = try deadProcessID()
        let live = getpid()
        for name in ["trace.json", "r.html", "r.trace.json"] {
            for pid in [dead, live] { try Data("partial".utf8).write(to: folder.appendingPathComponent(".\(name).partial-\(pid)")) }
        }
        for pid in [dead, live] {
            try fileManager.createDirectory(at: folder.appendingPathComponent(".site.building-\(pid)"), withIntermediateDirectories: true)
            try fileManager.createDirectory(at: folder.appendingPathComponent(".site.old-\(pid)"), withIntermediateDirectories: true)
        }
        let xor = StepwiseBinary.fixture("xor.yaml")
        #expect(try StepwiseBinary.run(["trace", xor, "--out", "trace.json"], in: folder).status == 0)
        #expect(try StepwiseBinary.run(["report", xor, "--single-file", "--out", "r.html"], in: folder).status == 0)
        let project = try makeProject()
        let built = try StepwiseBinary.run(["build", "--lessons", project.appendingPathComponent("lessons").path, "--out", "site"], in: folder)
        #expect(built.status == 0, "\(built.stderr)")
        let left = try fileManager.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") && !$0.hasSuffix(".lock") }.sorted()
        #expect(left == [".r.html.partial-\(live)", ".r.trace.json.partial-\(live)", ".site.building-\(live)",
                         ".site.old-\(live)", ".trace.json.partial-\(live)"])
    }

    @Test func aKilledBuildLeavesThePreviousSiteAndTheNextBuildCleansUp() throws {
        let project = try makeProject()
        #expect(try StepwiseBinary.run(["build", "--lessons", "lessons", "--out", "site"], in: project).status == 0)
        let before = try snapshot(project.appendingPathComponent("site"))
        // A slow lesson: a figure of a long run, so the build is surely killed in the middle.
        let slow = try makeProject(lesson: "```stepwise-figure\nspec: net\nstep: 20000\nfigure: network\ncaption: The network.\n```",
                                   specSteps: 20000, specEntry: "{file: net.yaml, every: 10000}")
        let process = Process()
        process.executableURL = StepwiseBinary.executable
        process.arguments = ["build", "--lessons", slow.appendingPathComponent("lessons").path, "--out", "site", "--jobs", "1"]
        process.currentDirectoryURL = project
        process.standardError = FileHandle.nullDevice
        try process.run()
        let staging = project.appendingPathComponent(".site.building-\(process.processIdentifier)")
        let deadline = Date().addingTimeInterval(60)
        while !fileManager.fileExists(atPath: staging.path) && process.isRunning && Date() < deadline { usleep(1000) }
        #expect(process.isRunning, "the build finished before it could be killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try snapshot(project.appendingPathComponent("site")) == before)
        #expect(fileManager.fileExists(atPath: staging.path))
        // The next build (of the quick lessons) removes the killed build's staging folder.
        let lesson = project.appendingPathComponent("lessons/a/lesson.md")
        try (try Data(contentsOf: lesson) + Data("Changed.\r\n".utf8)).write(to: lesson)
        let next = try StepwiseBinary.run(["build", "--lessons", "lessons", "--out", "site"], in: project)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(!fileManager.fileExists(atPath: staging.path))
        #expect(try snapshot(project.appendingPathComponent("site")) != before)
    }

    @Test func aRunKilledMidSwapGetsThePreviousOutputBack() throws {
        let project = try makeProject()
        #expect(try StepwiseBinary.run(["build", "--lessons", "lessons", "--out", "site"], in: project).status == 0)
        let note = project.appendingPathComponent("site/README.md")
        try Data("my note".utf8).write(to: note)
        // As a build killed between its two renames leaves it: the old site aside, no site.
        let aside = project.appendingPathComponent(".site.old-\(try deadProcessID())")
        try fileManager.moveItem(at: project.appendingPathComponent("site"), to: aside)
        let next = try StepwiseBinary.run(["build", "--lessons", "lessons", "--out", "site"], in: project)
        #expect(next.status == 0, "\(next.stderr)")
        // The old site came back (its note is kept by the build) and nothing is left aside.
        #expect(fileManager.contents(atPath: note.path) == Data("my note".utf8))
        #expect(!fileManager.fileExists(atPath: aside.path))
    }

    @Test func aSecondRunIntoTheSameOutputStopsWithOneLine() throws {
        let project = try makeProject()
        #expect(try StepwiseBinary.run(["build", "--lessons", "lessons", "--out", "site"], in: project).status == 0)
        let before = try snapshot(project.appendingPathComponent("site"))
        // Hold the lock as a running build does.
        let lock = open(project.appendingPathComponent(".site.lock").path, O_RDWR | O_CREAT, 0o644)
        #expect(lock >= 0 && flock(lock, LOCK_EX | LOCK_NB) == 0)
        _ = ftruncate(lock, 0)
        _ = write(lock, "4242\n", 5)
        let second = try StepwiseBinary.run(["build", "--lessons", "lessons", "--out", "site", "--clean"], in: project)
        expectOneLineRefusal(second, "stepwise: site: cannot write: another stepwise run (process 4242) is writing it")
        let report = try StepwiseBinary.run(["report", "xor.yaml", "--out", "site"], in: project)
        expectOneLineRefusal(report, "another stepwise run")
        #expect(try snapshot(project.appendingPathComponent("site")) == before)
        close(lock)
        #expect(try StepwiseBinary.run(["build", "--lessons", "lessons", "--out", "site", "--clean"], in: project).status == 0)
    }

    @Test func benchSiteNeverWritesThroughLinksToTheOriginalLessons() throws {
        let project = try makeProject()
        let lessonFile = project.appendingPathComponent("lessons/a/lesson.md")
        let original = try Data(contentsOf: lessonFile)
        // A lessons folder that is a link, holding a lesson folder whose lesson.md is a link.
        let linked = project.appendingPathComponent("linked-lessons")
        try fileManager.createDirectory(at: linked.appendingPathComponent("b"), withIntermediateDirectories: true)
        try fileManager.createSymbolicLink(at: linked.appendingPathComponent("b/lesson.md"), withDestinationURL: lessonFile)
        try fileManager.createSymbolicLink(at: linked.appendingPathComponent("b/net.yaml"),
                                           withDestinationURL: project.appendingPathComponent("lessons/a/net.yaml"))
        try fileManager.createSymbolicLink(at: linked.appendingPathComponent("a"), withDestinationURL: project.appendingPathComponent("lessons/a"))
        try fileManager.createSymbolicLink(at: project.appendingPathComponent("site-lessons"), withDestinationURL: linked)
        let result = try StepwiseBinary.run(["bench", "--site", "site-lessons"], in: project)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("site-one-lesson-changed"))
        #expect(try Data(contentsOf: lessonFile) == original)
    }
}
