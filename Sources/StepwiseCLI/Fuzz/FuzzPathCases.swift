import Foundation

/// Issue 18's path cases: outputs aimed at inputs, at `.` and `..`, through links, at a FIFO,
/// at folders the tool did not make, and inputs that are not files. Every one of them must end
/// with exit 0, 1 or 3 and leave what was there before as it was, except its own outputs.
enum FuzzPathCases {
    static func make(_ mutator: inout FuzzMutator, corpus: FuzzCorpus) -> FuzzCase {
        mutator.pick(all(corpus))
    }

    /// Every path case (the test suite runs them all each time).
    static func all(_ corpus: FuzzCorpus) -> [FuzzCase] {
        let spec = FuzzFile(path: "spec.yaml", text: corpus.specs.first { $0.name.hasSuffix("two-two-two.yaml") }?.text ?? corpus.specs[0].text)
        let trace = FuzzFile(path: "trace.json", text: corpus.traces[0].text)
        let lesson = FuzzFile(path: "lessons/one/lesson.md", text: """
            ---
            title: One step
            order: 1
            specs:
              net: ../../spec.yaml
            ---
            ```stepwise-figure
            spec: net
            figure: network
            caption: The network.
            ```
            """)
        let userFile = FuzzFile(path: "mine/notes.txt", text: "the user's own file\n")
        let fifo = FuzzFile(path: "fifo", kind: .fifo)
        func link(_ path: String, to target: String) -> FuzzFile { FuzzFile(path: path, kind: .symlink, target: target) }
        let cases: [FuzzCase] = [
            FuzzCase(name: "trace output onto its spec", files: [spec], arguments: ["trace", "spec.yaml", "--out", "spec.yaml"]),
            FuzzCase(name: "resolved spec onto its spec", files: [spec], arguments: ["trace", "spec.yaml", "--out", "trace.json", "--resolved-spec", "spec.yaml"], outputs: ["trace.json"]),
            FuzzCase(name: "trace and resolved spec onto one file", files: [spec], arguments: ["trace", "spec.yaml", "--out", "x.json", "--resolved-spec", "x.json"], outputs: ["x.json"]),
            FuzzCase(name: "trace output .", files: [spec], arguments: ["trace", "spec.yaml", "--out", "."]),
            FuzzCase(name: "trace output ..", files: [spec], arguments: ["trace", "spec.yaml", "--out", ".."]),
            FuzzCase(name: "trace output empty path", files: [spec], arguments: ["trace", "spec.yaml", "--out", ""]),
            FuzzCase(name: "trace output in a missing folder", files: [spec], arguments: ["trace", "spec.yaml", "--out", "missing/trace.json"]),
            FuzzCase(name: "trace output onto a folder", files: [spec, userFile], arguments: ["trace", "spec.yaml", "--out", "mine"]),
            FuzzCase(name: "trace output onto a FIFO", files: [spec, fifo], arguments: ["trace", "spec.yaml", "--out", "fifo"], seconds: 10),
            FuzzCase(name: "trace output through a link to its spec", files: [spec, link("link.json", to: "spec.yaml")], arguments: ["trace", "spec.yaml", "--out", "link.json"]),
            // A link as --out is followed, like a file named as --out: the file it points to is replaced.
            FuzzCase(name: "trace output through a link to a user's file", files: [spec, userFile, link("link.json", to: "mine/notes.txt")], arguments: ["trace", "spec.yaml", "--out", "link.json"], outputs: ["mine/notes.txt"]),
            FuzzCase(name: "trace spec read from a FIFO", files: [fifo], arguments: ["trace", "fifo", "--out", "trace.json"], seconds: 10),
            FuzzCase(name: "trace spec is a folder", files: [userFile], arguments: ["trace", "mine", "--out", "trace.json"]),
            FuzzCase(name: "trace spec through a dangling link", files: [link("spec.yaml", to: "nowhere.yaml")], arguments: ["trace", "spec.yaml"]),
            FuzzCase(name: "render output onto its trace", files: [trace], arguments: ["render", "trace.json", "--figure", "loss", "--out", "trace.json"]),
            FuzzCase(name: "render output through a link to its trace", files: [trace, link("figure.svg", to: "trace.json")], arguments: ["render", "trace.json", "--figure", "loss", "--out", "figure.svg"]),
            FuzzCase(name: "render output onto a FIFO", files: [trace, link("fifo.png", to: "fifo"), fifo], arguments: ["render", "trace.json", "--figure", "loss", "--out", "fifo.png"], seconds: 10),
            FuzzCase(name: "render output . with an extension", files: [trace], arguments: ["render", "trace.json", "--figure", "loss", "--out", "./.png"], outputs: [".png"]),
            FuzzCase(name: "render trace read from a FIFO", files: [fifo], arguments: ["render", "fifo", "--figure", "loss", "--out", "figure.svg"], seconds: 10),
            FuzzCase(name: "report output onto its spec", files: [spec], arguments: ["report", "spec.yaml", "--out", "spec.yaml", "--single-file"], seconds: 60),
            FuzzCase(name: "report output .", files: [spec], arguments: ["report", "spec.yaml", "--out", "."], seconds: 60),
            FuzzCase(name: "report output ..", files: [spec], arguments: ["report", "spec.yaml", "--out", ".."], seconds: 60),
            FuzzCase(name: "report output onto a user's folder", files: [spec, userFile], arguments: ["report", "spec.yaml", "--out", "mine"], seconds: 60),
            FuzzCase(name: "report output through a link to a user's folder", files: [spec, userFile, link("report", to: "mine")], arguments: ["report", "spec.yaml", "--out", "report"], seconds: 60),
            FuzzCase(name: "build output onto its lessons", files: [spec, lesson], arguments: ["build", "--lessons", "lessons", "--out", "lessons", "--jobs", "1"], seconds: 90),
            FuzzCase(name: "build output inside its lessons", files: [spec, lesson], arguments: ["build", "--lessons", "lessons", "--out", "lessons/one", "--jobs", "1"], seconds: 90),
            FuzzCase(name: "build output .", files: [spec, lesson], arguments: ["build", "--lessons", "lessons", "--out", ".", "--jobs", "1"], seconds: 90),
            FuzzCase(name: "build output ..", files: [spec, lesson], arguments: ["build", "--lessons", "lessons", "--out", "..", "--jobs", "1"], seconds: 90),
            FuzzCase(name: "build output onto a user's folder", files: [spec, lesson, userFile], arguments: ["build", "--lessons", "lessons", "--out", "mine", "--jobs", "1"], seconds: 90),
            FuzzCase(name: "build output onto a FIFO", files: [spec, lesson, fifo], arguments: ["build", "--lessons", "lessons", "--out", "fifo", "--jobs", "1"], seconds: 90),
            FuzzCase(name: "build lessons through a link to .", files: [spec, lesson, link("loop", to: ".")], arguments: ["build", "--lessons", "loop", "--out", "site", "--jobs", "1"], outputs: ["site"], seconds: 90),
        ]
        return cases.map { var named = $0; named.name = "path: " + $0.name; return named }
    }
}
