import Foundation

/// One hostile run: the files it starts from (in a scratch folder of its own), the command,
/// and which paths it may write. Codable, so a failure can be kept and replayed, and a fixed
/// case is just such a file in Tests/StepwiseCLITests/Fixtures/fuzz-cases/.
struct FuzzCase: Codable, Equatable, Sendable {
    /// What the case is, e.g. "trace spec xor.yaml: drop, extreme-number".
    var name: String
    /// The scratch folder's contents before the run, relative to its `work/` folder
    /// (`../x` lies beside it, still inside the case's own folder).
    var files: [FuzzFile]
    /// The `stepwise` arguments, run in `work/`.
    var arguments: [String]
    /// Paths (files or folders) the command may create or replace when it exits 0 or 3.
    var outputs: [String] = []
    /// Wall-clock seconds before the run counts as hung.
    var seconds: Double = 20

    /// The shell line that reproduces the case, run inside its kept `work/` folder.
    var commandLine: String {
        (["stepwise"] + arguments).map(Self.shellQuoted).joined(separator: " ")
    }

    static func shellQuoted(_ word: String) -> String {
        if !word.isEmpty, word.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,".contains($0) }), word.allSatisfy(\.isASCII) {
            return word
        }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// A file, folder, link or FIFO a case starts with.
struct FuzzFile: Codable, Equatable, Sendable {
    enum Kind: String, Codable, Sendable { case file, folder, symlink, fifo }
    var path: String
    var kind: Kind = .file
    /// A file's contents as text, when they are UTF-8.
    var text: String?
    /// A file's contents otherwise (truncated mid-character, for instance).
    var base64: String?
    /// A link's target.
    var target: String?

    static func file(_ path: String, _ data: Data) -> FuzzFile {
        if let text = String(data: data, encoding: .utf8) { return FuzzFile(path: path, text: text) }
        return FuzzFile(path: path, base64: data.base64EncodedString())
    }

    var data: Data {
        if let text { return Data(text.utf8) }
        return base64.flatMap { Data(base64Encoded: $0) } ?? Data()
    }
}
