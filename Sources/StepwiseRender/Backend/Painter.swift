import CCairo
import CPango
import Foundation

/// Paints a figure's elements on a Cairo context. It makes no layout decisions.
struct Painter {
    let context: CairoContext

    func paint(_ figure: Figure) throws {
        let cr = context.pointer
        context.setColor(figure.background)
        cairo_paint(cr)
        let text = TextEngine.shared
        text.lock.lock()
        defer { text.lock.unlock() }
        let pango = text.makeDrawingContext(for: cr)
        defer { g_object_unref(UnsafeMutableRawPointer(pango)) }
        for element in figure.elements {
            cairo_new_path(cr)
            switch element {
            case .rect(let rect, let fill, let stroke):
                cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
                fillAndStroke(fill, stroke)
            case .circle(let center, let radius, let fill, let stroke):
                cairo_arc(cr, center.x, center.y, radius, 0, 2 * Double.pi)
                cairo_close_path(cr)
                fillAndStroke(fill, stroke)
            case .polyline(let points, let stroke):
                guard let first = points.first else { continue }
                cairo_move_to(cr, first.x, first.y)
                for point in points.dropFirst() { cairo_line_to(cr, point.x, point.y) }
                context.apply(stroke)
                cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
                cairo_stroke(cr)
            case .arrow(let from, let to, let stroke, let head):
                drawArrow(from: from, to: to, stroke: stroke, head: head)
            case .hatch(let rect, let color, let spacing):
                cairo_save(cr)
                cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
                cairo_clip(cr)
                cairo_new_path(cr)
                var offset = -rect.height
                while offset < rect.width {
                    cairo_move_to(cr, rect.x + offset, rect.maxY)
                    cairo_line_to(cr, rect.x + offset + rect.height, rect.y)
                    offset += spacing
                }
                context.apply(Stroke(color, width: 1))
                cairo_stroke(cr)
                cairo_restore(cr)
            case .raster(let rect, let columns, let rows, let colors, let smooth):
                try drawRaster(rect, columns: columns, rows: rows, colors: colors, smooth: smooth)
            case .text(let item):
                drawText(item, pango: pango)
            }
            try context.check("drawing \(element.kindName)")
        }
    }

    private func fillAndStroke(_ fill: Color?, _ stroke: Stroke?) {
        let cr = context.pointer
        if let fill {
            context.setColor(fill)
            if stroke != nil { cairo_fill_preserve(cr) } else { cairo_fill(cr) }
        }
        if let stroke {
            context.apply(stroke)
            cairo_stroke(cr)
        }
    }

    private func drawArrow(from: Point, to: Point, stroke: Stroke, head: Double) {
        let cr = context.pointer
        let dx = to.x - from.x
        let dy = to.y - from.y
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 0 else { return }
        let (ux, uy) = (dx / length, dy / length)
        let base = Point(to.x - ux * head, to.y - uy * head)
        cairo_move_to(cr, from.x, from.y)
        cairo_line_to(cr, base.x, base.y)
        context.apply(stroke)
        cairo_stroke(cr)
        let half = head * 0.45
        cairo_move_to(cr, to.x, to.y)
        cairo_line_to(cr, base.x - uy * half, base.y + ux * half)
        cairo_line_to(cr, base.x + uy * half, base.y - ux * half)
        cairo_close_path(cr)
        context.setColor(stroke.color)
        cairo_fill(cr)
    }

    private func drawRaster(_ rect: Rect, columns: Int, rows: Int, colors: [Color], smooth: Bool) throws {
        precondition(colors.count == columns * rows, "raster of \(columns)×\(rows) needs \(columns * rows) colours")
        let cr = context.pointer
        let image = try CairoSurface.image(width: columns, height: rows)
        let (pixels, _, _, stride) = try image.imageData()
        for row in 0..<rows {
            let line = (pixels + row * stride).withMemoryRebound(to: UInt32.self, capacity: columns) { $0 }
            for column in 0..<columns {
                let color = colors[row * columns + column]
                func byte(_ c: Double) -> UInt32 { UInt32((min(max(c, 0), 1) * 255).rounded()) }
                line[column] = 0xff00_0000 | byte(color.red) << 16 | byte(color.green) << 8 | byte(color.blue)
            }
        }
        cairo_surface_mark_dirty(image.pointer)
        cairo_save(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
        cairo_translate(cr, rect.x, rect.y)
        cairo_scale(cr, rect.width / Double(columns), rect.height / Double(rows))
        cairo_set_source_surface(cr, image.pointer, 0, 0)
        let pattern = cairo_get_source(cr)
        cairo_pattern_set_filter(pattern, smooth ? CAIRO_FILTER_BILINEAR : CAIRO_FILTER_NEAREST)
        cairo_pattern_set_extend(pattern, CAIRO_EXTEND_PAD)
        cairo_paint(cr)
        cairo_restore(cr)
    }

    private func drawText(_ item: TextItem, pango: OpaquePointer) {
        let cr = context.pointer
        let layout = TextEngine.shared.makeLayout(item.markup, size: item.size, bold: item.bold, context: pango)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        let metrics = TextEngine.metrics(of: layout)
        let dx: Double
        switch item.horizontal {
        case .start: dx = 0
        case .center: dx = -metrics.width / 2
        case .end: dx = -metrics.width
        }
        let dy: Double
        switch item.vertical {
        case .top: dy = 0
        case .center: dy = -metrics.height / 2
        case .baseline: dy = -metrics.baseline
        case .bottom: dy = -metrics.height
        }
        cairo_save(cr)
        cairo_translate(cr, item.position.x, item.position.y)
        if item.rotation != 0 { cairo_rotate(cr, -item.rotation * Double.pi / 180) }
        cairo_move_to(cr, dx, dy)
        context.setColor(item.color)
        pango_cairo_update_layout(cr, layout)
        pango_cairo_show_layout(cr, layout)
        cairo_restore(cr)
        cairo_new_path(cr)
    }
}

extension Element {
    var kindName: String {
        switch self {
        case .rect: return "rect"
        case .circle: return "circle"
        case .polyline: return "polyline"
        case .arrow: return "arrow"
        case .hatch: return "hatch"
        case .raster: return "raster"
        case .text: return "text"
        }
    }
}
