import Foundation
import SnapshotTesting
import StepwiseRender

/// Golden-image assertions for figures, on swift-snapshot-testing.
///
/// Goldens live beside the test file in `__Snapshots__/<TestFile>/<test>.<name>.png|svg`.
/// - PNG is compared on decoded pixels with a `PixelTolerance` (default: a pixel differs when a
///   channel differs by more than 16; the image fails when more than 0.05 % of pixels differ).
///   On failure the expected, actual and diff images are written to the artifacts folder
///   (`$SNAPSHOT_ARTIFACTS`, else the temporary folder, under `stepwise-goldens/`) and their
///   paths are printed in the failure message.
/// - SVG is compared as normalised text (`ImageComparison.normalizedSVG`).
/// - Recording: `STEPWISE_RECORD=1` re-records every golden; otherwise a missing golden is
///   recorded (and the test fails, asking for a re-run); with `CI=true` nothing is ever
///   recorded, so a missing golden fails.
public enum Goldens {
    /// The record mode the environment asks for.
    public static var recordMode: SnapshotTestingConfiguration.Record {
        recordMode(environment: ProcessInfo.processInfo.environment)
    }

    /// The record mode for these environment variables: `CI=true` → never (wins),
    /// `STEPWISE_RECORD=1` → all, otherwise missing.
    public static func recordMode(environment: [String: String]) -> SnapshotTestingConfiguration.Record {
        if environment["CI"]?.lowercased() == "true" { return .never }
        if let value = environment["STEPWISE_RECORD"], ["1", "true", "yes", "all"].contains(value.lowercased()) { return .all }
        return .missing
    }

    /// Where failure images go.
    public static var artifactsFolder: URL {
        let base = ProcessInfo.processInfo.environment["SNAPSHOT_ARTIFACTS"] ?? NSTemporaryDirectory()
        return URL(fileURLWithPath: base, isDirectory: true).appendingPathComponent("stepwise-goldens", isDirectory: true)
    }
}

extension Diffing where Value == Data {
    /// PNG bytes compared on decoded pixels; on failure writes `<name>.expected.png`,
    /// `<name>.actual.png` and `<name>.diff.png` to `artifacts` and names them in the message.
    public static func png(tolerance: PixelTolerance = .default, artifacts: URL = Goldens.artifactsFolder, name: String = "figure") -> Diffing<Data> {
        .diff(toData: { $0 }, fromData: { $0 }) { expected, actual in
            guard expected != actual else { return nil }
            let expectedImage: RGBAImage
            let actualImage: RGBAImage
            do {
                expectedImage = try PNGCodec.decode(expected)
                actualImage = try PNGCodec.decode(actual)
            } catch {
                return ("cannot decode PNG: \(error)", [])
            }
            let difference = ImageComparison.compare(expected: expectedImage, actual: actualImage, tolerance: tolerance)
            if difference.passes { return nil }
            var message = "PNG differs from its golden: \(difference.summary)."
            do {
                try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
                let files = [("expected", expected), ("actual", actual),
                             ("diff", try PNGCodec.encode(ImageComparison.diffImage(expected: expectedImage, actual: actualImage, tolerance: tolerance)))]
                for (kind, data) in files {
                    let url = artifacts.appendingPathComponent("\(name).\(kind).png")
                    try data.write(to: url)
                    message += "\n  \(kind): \(url.path)"
                }
            } catch {
                message += "\n  (could not write comparison images: \(error))"
            }
            return (message, [])
        }
    }

    /// SVG bytes compared as normalised text.
    public static var normalizedSVG: Diffing<Data> {
        .diff(toData: { $0 }, fromData: { $0 }) { expected, actual in
            guard let reason = try? ImageComparison.difference(expected: expected, actual: actual, format: .svg) else { return nil }
            let e = ImageComparison.normalizedSVG(String(decoding: expected, as: UTF8.self))
            let a = ImageComparison.normalizedSVG(String(decoding: actual, as: UTF8.self))
            let detail = Diffing<String>.lines.diffV2(e, a)?.0 ?? ""
            return ("SVG differs from its golden: \(reason)\n\(detail.prefix(2000))", [])
        }
    }
}

extension Snapshotting where Value == Data, Format == Data {
    /// PNG bytes already rendered (a built lesson's figure file), compared by pixels.
    public static func pngFile(tolerance: PixelTolerance = .default, name: String = "figure") -> Snapshotting<Data, Data> {
        Snapshotting(pathExtension: "png", diffing: .png(tolerance: tolerance, name: name))
    }
}

extension Snapshotting where Value == Figure, Format == Data {
    /// A figure as PNG, compared by pixels.
    public static func png(tolerance: PixelTolerance = .default, options: RenderOptions = RenderOptions(), name: String = "figure") -> Snapshotting<Figure, Data> {
        Snapshotting<Data, Data>.pngFile(tolerance: tolerance, name: name).pullback { figure in
            (try? Renderer.render(figure, as: .png, options: options)) ?? Data()
        }
    }

    /// A figure as SVG, compared as normalised text.
    public static var svg: Snapshotting<Figure, Data> {
        Snapshotting<Data, Data>(pathExtension: "svg", diffing: .normalizedSVG).pullback { figure in
            (try? Renderer.render(figure, as: .svg)) ?? Data()
        }
    }
}

/// Asserts that `figure` matches its goldens in each format (`__Snapshots__/<file>/<test>.<name>.<ext>`).
public func assertFigureGolden(
    _ figure: Figure,
    named name: String,
    formats: [OutputFormat] = [.png, .svg],
    tolerance: PixelTolerance = .default,
    record: SnapshotTestingConfiguration.Record? = nil,
    fileID: StaticString = #fileID,
    file filePath: StaticString = #filePath,
    testName: String = #function,
    line: UInt = #line,
    column: UInt = #column
) {
    let value = figure
    for format in formats {
        let strategy: Snapshotting<Figure, Data>
        switch format {
        case .png: strategy = .png(tolerance: tolerance, name: "\(testName.prefix { $0 != "(" }).\(name)")
        case .svg: strategy = .svg
        case .pdf: continue
        }
        assertSnapshot(of: value, as: strategy, named: name, record: record ?? Goldens.recordMode, fileID: fileID, file: filePath,
                       testName: testName, line: line, column: column)
    }
}
