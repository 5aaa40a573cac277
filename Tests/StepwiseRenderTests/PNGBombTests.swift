import Foundation
import StepwiseRender
import StepwiseTesting
import Testing

/// A PNG's header can declare far more pixels than its bytes hold (a 65-byte file declaring
/// 10¹² pixels asks for 4 TB): the reader checks the declared size against `CanvasLimits`
/// before it allocates, and figures never ask Cairo for a canvas beyond it.
@Suite struct PNGBombTests {
    /// CRC-32 (ISO-HDLC, as PNG chunks use), bit by bit.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xedb8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }

    static func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + body
        return bigEndian(UInt32(body.count)) + typed + bigEndian(crc32(typed))
    }

    /// A valid PNG header declaring `width` × `height` RGB pixels of 8 bits, then an empty
    /// zlib stream as its only IDAT and IEND: a few dozen bytes.
    static func bomb(width: UInt32, height: UInt32) -> Data {
        let signature: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
        let header = bigEndian(width) + bigEndian(height) + [8, 2, 0, 0, 0]
        let emptyZlib: [UInt8] = [0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]
        return Data(signature + chunk("IHDR", header) + chunk("IDAT", emptyZlib) + chunk("IEND", []))
    }

    @Test func theReaderRefusesDeclaredSizesBeyondTheLimitBeforeAllocating() throws {
        for (width, height) in [(1_000_000, 1_000_000), (40_000, 40_000), (32_768, 1), (20_000, 20_000)] {
            let data = Self.bomb(width: UInt32(width), height: UInt32(height))
            #expect(data.count < 70)
            do {
                _ = try PNGCodec.decode(data)
                Issue.record("\(width)×\(height) decoded")
            } catch let error as RenderError {
                #expect(error.description == "png: declares \(width) × \(height) pixels, over the limit of 32767 per side and 100000000 in all")
            }
        }
        // Within the limit the same construction gets as far as the (missing) pixel rows.
        #expect(throws: RenderError.self) { try PNGCodec.decode(Self.bomb(width: 2, height: 2)) }
    }

    @Test func goldenCheckAndRecordNameTheFileAndItsDeclaredSize() throws {
        let folder = StepwiseExecutable.temporaryFolder()
        let rendered = folder.appendingPathComponent("rendered")
        let goldens = folder.appendingPathComponent("goldens")
        for url in [rendered, goldens] { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        let figure = try Renderer.render(LineChart.activations(), as: .png)
        try figure.write(to: rendered.appendingPathComponent("a.png"))
        let bomb = goldens.appendingPathComponent("a.png")
        try Self.bomb(width: 1_000_000, height: 1_000_000).write(to: bomb)
        let check = try StepwiseExecutable.run(["golden", "check", rendered.path, goldens.path])
        #expect(check.status == 1)
        let lines = check.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first == "differs  a.png: \(bomb.path): png: declares 1000000 × 1000000 pixels, over the limit of 32767 per side and 100000000 in all")
        // The rendered side too, and 40000².
        try Self.bomb(width: 40_000, height: 40_000).write(to: rendered.appendingPathComponent("a.png"))
        try figure.write(to: bomb)
        let second = try StepwiseExecutable.run(["golden", "check", rendered.path, goldens.path])
        #expect(second.status == 1 && second.stdout.hasPrefix("differs  a.png: \(rendered.appendingPathComponent("a.png").path): png: declares 40000 × 40000 pixels"))
        // Recording copies the file without decoding it into memory.
        let record = try StepwiseExecutable.run(["golden", "record", rendered.path, goldens.path])
        #expect(record.status == 0 && record.stdout == "recorded 1 golden in \(goldens.path)\n")
    }

    @Test func figuresBeyondTheCanvasLimitAreRefusedInOneLine() throws {
        let source = FigureSource(model: "m", digest: "0")
        let wide = Figure(kind: "heatmap", size: Size(40_000, 20), title: "t", caption: "c", elements: [], source: source)
        for format in [OutputFormat.png, .svg, .pdf] {
            #expect(throws: RenderError.invalidInput("the heatmap figure would be 40000 × 20 pixels, over the limit of 32767 per side and 100000000 in all")) {
                try Renderer.render(wide, as: format)
            }
        }
        // A PNG is measured after scaling; SVG and PDF are not scaled.
        let large = Figure(kind: "graph", size: Size(9_000, 9_000), title: "t", caption: "c", elements: [], source: source)
        #expect(throws: RenderError.invalidInput("the graph figure would be 18000 × 18000 pixels, over the limit of 32767 per side and 100000000 in all")) {
            try Renderer.render(large, as: .png, options: RenderOptions(scale: 2))
        }
        #expect(try Renderer.render(large, as: .svg).count > 100)
    }
}
