import Foundation

/// `stepwise golden check|record`: compares a folder of rendered figures with a folder of
/// goldens by file name (PNG by pixels with a tolerance, SVG by normalised text, other files by
/// bytes), or copies the rendered files over the goldens.
public enum GoldenFolder {
    public enum Outcome: Equatable, Sendable {
        case matches
        case differs(String)
        /// No golden of that name.
        case missingGolden
        /// A golden with no rendered file of that name.
        case missingRendered
    }

    public struct Entry: Equatable, Sendable {
        public var name: String
        public var outcome: Outcome
    }

    /// File names of a folder, sorted, skipping hidden files and folders.
    public static func files(in folder: URL) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RenderError.invalidInput("\(folder.path): not a folder")
        }
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { name in
            var dir: ObjCBool = false
            FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &dir)
            return !name.hasPrefix(".") && !dir.boolValue
        }.sorted()
    }

    public static func check(rendered: URL, goldens: URL, tolerance: PixelTolerance = .default) throws -> [Entry] {
        let renderedNames = try files(in: rendered)
        let goldenNames = try files(in: goldens)
        var entries: [Entry] = []
        for name in Set(renderedNames).union(goldenNames).sorted() {
            let renderedFile = rendered.appendingPathComponent(name)
            let goldenFile = goldens.appendingPathComponent(name)
            if !goldenNames.contains(name) {
                entries.append(Entry(name: name, outcome: .missingGolden))
            } else if !renderedNames.contains(name) {
                entries.append(Entry(name: name, outcome: .missingRendered))
            } else {
                let format = OutputFormat(pathExtension: renderedFile.pathExtension)
                let reason: String?
                do {
                    reason = try ImageComparison.difference(expected: try Data(contentsOf: goldenFile), actual: try Data(contentsOf: renderedFile),
                                                            format: format, tolerance: tolerance,
                                                            expectedName: goldenFile.path, actualName: renderedFile.path)
                } catch let error as RenderError {
                    reason = error.description
                }
                entries.append(Entry(name: name, outcome: reason.map { .differs($0) } ?? .matches))
            }
        }
        return entries
    }
}
