import CPNG
import CPNGWriter
import Foundation

/// A decoded image: 8-bit straight RGBA, row-major, top row first.
public struct RGBAImage: Equatable, Sendable {
    public var width: Int
    public var height: Int
    /// `width * height * 4` bytes.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 4, "RGBA image of \(width)×\(height) needs \(width * height * 4) bytes")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// An image of one colour.
    public init(width: Int, height: Int, fill: (UInt8, UInt8, UInt8, UInt8)) {
        var pixels = [UInt8](repeating: 0, count: width * height * 4)
        for index in stride(from: 0, to: pixels.count, by: 4) {
            (pixels[index], pixels[index + 1], pixels[index + 2], pixels[index + 3]) = fill
        }
        self.init(width: width, height: height, pixels: pixels)
    }
}

/// PNG through libpng: figures are written by the setjmp-guarded C writer (RGB, text chunks);
/// everything else — decoding, and writing RGBA comparison images — uses libpng's simplified
/// `png_image_*` API, which reports errors by return value, never by longjmp.
public enum PNGCodec {
    /// Encodes Cairo RGB24 pixels with text chunks (tEXt when the text is ASCII, iTXt otherwise).
    static func encodeRGB24(
        pixels: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int,
        texts: [(key: String, text: String)], level: Int
    ) throws -> Data {
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var error = [CChar](repeating: 0, count: 256)
        // Keep the C strings alive for the call.
        let keys = texts.map { strdup($0.key)! }
        let values = texts.map { strdup($0.text)! }
        defer {
            keys.forEach { free($0) }
            values.forEach { free($0) }
        }
        var chunks = texts.indices.map { index in
            stepwise_png_text(key: keys[index], text: values[index],
                              utf8: texts[index].text.utf8.allSatisfy { $0 < 0x80 } ? 0 : 1)
        }
        let result = chunks.withUnsafeMutableBufferPointer { buffer in
            stepwise_png_encode_rgb24(pixels, UInt32(width), UInt32(height), stride, buffer.baseAddress,
                                      Int32(buffer.count), Int32(level), &output, &size, &error, error.count)
        }
        guard result == 0, let output else {
            throw RenderError.png(String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        defer { stepwise_png_free(output) }
        return Data(bytes: output, count: size)
    }

    /// Decodes any PNG to 8-bit RGBA. The size its header declares is checked against
    /// `CanvasLimits` before the pixels are allocated (a 69-byte PNG can declare 10¹² pixels).
    public static func decode(_ data: Data) throws -> RGBAImage {
        var image = png_image()
        image.version = STEPWISE_PNG_IMAGE_VERSION
        let begun = data.withUnsafeBytes { bytes in
            png_image_begin_read_from_memory(&image, bytes.baseAddress, bytes.count)
        }
        guard begun != 0 else { throw RenderError.png("cannot read: \(message(of: &image))") }
        image.format = STEPWISE_PNG_FORMAT_RGBA
        let width = Int(image.width)
        let height = Int(image.height)
        if let excess = CanvasLimits.excess(width: Double(width), height: Double(height)) {
            png_image_free(&image)
            throw RenderError.png("declares \(excess)")
        }
        var pixels = [UInt8](repeating: 0, count: width * height * 4)
        let finished = pixels.withUnsafeMutableBytes { buffer in
            png_image_finish_read(&image, nil, buffer.baseAddress, Int32(width * 4), nil)
        }
        guard finished != 0 else {
            let text = message(of: &image)
            png_image_free(&image)
            throw RenderError.png("cannot decode: \(text)")
        }
        return RGBAImage(width: width, height: height, pixels: pixels)
    }

    /// Encodes an RGBA image (used for comparison images: expected, actual, diff).
    public static func encode(_ rgba: RGBAImage) throws -> Data {
        var image = png_image()
        image.version = STEPWISE_PNG_IMAGE_VERSION
        image.width = UInt32(rgba.width)
        image.height = UInt32(rgba.height)
        image.format = STEPWISE_PNG_FORMAT_RGBA
        var size = 0
        // First call measures, second writes.
        let measured = rgba.pixels.withUnsafeBytes { pixels in
            png_image_write_to_memory(&image, nil, &size, 0, pixels.baseAddress, Int32(rgba.width * 4), nil)
        }
        guard measured != 0 else { throw RenderError.png("cannot encode: \(message(of: &image))") }
        var output = Data(count: size)
        let written = output.withUnsafeMutableBytes { out in
            rgba.pixels.withUnsafeBytes { pixels in
                png_image_write_to_memory(&image, out.baseAddress, &size, 0, pixels.baseAddress, Int32(rgba.width * 4), nil)
            }
        }
        guard written != 0 else { throw RenderError.png("cannot encode: \(message(of: &image))") }
        return output.prefix(size)
    }

    private static func message(of image: inout png_image) -> String {
        withUnsafeBytes(of: &image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// The tEXt and uncompressed iTXt chunks of a PNG, keyword → text, read straight from the
    /// chunk list (no decoding of pixels).
    public static func textChunks(of data: Data) -> [String: String] {
        let bytes = [UInt8](data)
        var result: [String: String] = [:]
        var offset = 8
        while offset + 12 <= bytes.count {
            let length = Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let start = offset + 8
            guard start + length <= bytes.count else { break }
            let body = Array(bytes[start..<(start + length)])
            if let zero = body.firstIndex(of: 0) {
                let key = String(decoding: body[..<zero], as: UTF8.self)
                if type == "tEXt" {
                    result[key] = String(decoding: body[(zero + 1)...], as: UTF8.self)
                } else if type == "iTXt", zero + 2 < body.count, body[zero + 1] == 0 {
                    // keyword 0 compression-flag method language 0 translated-keyword 0 text
                    var rest = body[(zero + 3)...]
                    if let languageEnd = rest.firstIndex(of: 0) {
                        rest = rest[(languageEnd + 1)...]
                        if let translatedEnd = rest.firstIndex(of: 0) {
                            result[key] = String(decoding: rest[(translatedEnd + 1)...], as: UTF8.self)
                        }
                    }
                }
            }
            if type == "IEND" { break }
            offset = start + length + 4
        }
        return result
    }
}
