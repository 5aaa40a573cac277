import CCairo
import Foundation

/// Turns a Cairo status into a thrown error naming the operation.
func checkCairo(_ status: cairo_status_t, _ operation: String) throws {
    guard status == CAIRO_STATUS_SUCCESS else {
        throw RenderError.cairo(operation: operation, status: String(cString: cairo_status_to_string(status)))
    }
}

/// Bytes Cairo streams out (SVG, PDF), collected in memory.
final class ByteSink {
    var data = Data()
}

/// Cairo's write callback: appends to the `ByteSink` passed as the closure pointer.
private let sinkWrite: cairo_write_func_t = { closure, bytes, length in
    guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
    sink.data.append(bytes, count: Int(length))
    return CAIRO_STATUS_SUCCESS
}

/// An owning Cairo surface: destroyed in `deinit`; every status checked.
final class CairoSurface {
    let pointer: OpaquePointer
    /// Keeps the stream's sink alive as long as the surface.
    let sink: ByteSink?

    private init(_ pointer: OpaquePointer, sink: ByteSink?, operation: String) throws {
        self.pointer = pointer
        self.sink = sink
        try checkCairo(cairo_surface_status(pointer), operation)
    }

    deinit { cairo_surface_destroy(pointer) }

    /// An opaque RGB image surface of `width` × `height` pixels.
    static func image(width: Int, height: Int) throws -> CairoSurface {
        try CairoSurface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)),
                         sink: nil, operation: "cairo_image_surface_create(\(width)×\(height))")
    }

    /// An SVG surface in px units streaming into a sink.
    static func svg(width: Double, height: Double) throws -> CairoSurface {
        let sink = ByteSink()
        let surface = try CairoSurface(
            cairo_svg_surface_create_for_stream(sinkWrite, Unmanaged.passUnretained(sink).toOpaque(), width, height),
            sink: sink, operation: "cairo_svg_surface_create_for_stream")
        cairo_svg_surface_restrict_to_version(surface.pointer, CAIRO_SVG_VERSION_1_1)
        cairo_svg_surface_set_document_unit(surface.pointer, CAIRO_SVG_UNIT_PX)
        try surface.check("cairo_svg_surface_set_document_unit")
        return surface
    }

    /// A one-page PDF surface (size in points = figure units) streaming into a sink, with fixed
    /// dates so the bytes do not depend on the clock.
    static func pdf(width: Double, height: Double, title: String, subject: String, creator: String) throws -> CairoSurface {
        let sink = ByteSink()
        let surface = try CairoSurface(
            cairo_pdf_surface_create_for_stream(sinkWrite, Unmanaged.passUnretained(sink).toOpaque(), width, height),
            sink: sink, operation: "cairo_pdf_surface_create_for_stream")
        let fixedDate = "2000-01-01T00:00:00Z"
        cairo_pdf_surface_set_metadata(surface.pointer, CAIRO_PDF_METADATA_CREATE_DATE, fixedDate)
        cairo_pdf_surface_set_metadata(surface.pointer, CAIRO_PDF_METADATA_MOD_DATE, fixedDate)
        cairo_pdf_surface_set_metadata(surface.pointer, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface.pointer, CAIRO_PDF_METADATA_SUBJECT, subject)
        cairo_pdf_surface_set_metadata(surface.pointer, CAIRO_PDF_METADATA_CREATOR, creator)
        try surface.check("cairo_pdf_surface_set_metadata")
        return surface
    }

    func check(_ operation: String) throws {
        try checkCairo(cairo_surface_status(pointer), operation)
    }

    /// Finishes the surface (flushing every byte to the sink) and checks the result.
    func finish() throws {
        cairo_surface_finish(pointer)
        try check("cairo_surface_finish")
    }

    /// The pixels of an image surface: base address, width, height, stride.
    func imageData() throws -> (pixels: UnsafeMutablePointer<UInt8>, width: Int, height: Int, stride: Int) {
        cairo_surface_flush(pointer)
        try check("cairo_surface_flush")
        guard let pixels = cairo_image_surface_get_data(pointer) else {
            throw RenderError.cairo(operation: "cairo_image_surface_get_data", status: "no pixel data")
        }
        return (pixels, Int(cairo_image_surface_get_width(pointer)), Int(cairo_image_surface_get_height(pointer)),
                Int(cairo_image_surface_get_stride(pointer)))
    }
}

/// An owning Cairo drawing context.
final class CairoContext {
    let pointer: OpaquePointer
    let surface: CairoSurface

    init(_ surface: CairoSurface) throws {
        self.surface = surface
        pointer = cairo_create(surface.pointer)
        try check("cairo_create")
    }

    deinit { cairo_destroy(pointer) }

    func check(_ operation: String) throws {
        try checkCairo(cairo_status(pointer), operation)
    }

    func setColor(_ color: Color) {
        cairo_set_source_rgba(pointer, color.red, color.green, color.blue, color.alpha)
    }

    func apply(_ stroke: Stroke) {
        setColor(stroke.color)
        cairo_set_line_width(pointer, stroke.width)
        if stroke.dash.isEmpty {
            cairo_set_dash(pointer, nil, 0, 0)
        } else {
            stroke.dash.withUnsafeBufferPointer { cairo_set_dash(pointer, $0.baseAddress, Int32($0.count), 0) }
        }
    }
}
