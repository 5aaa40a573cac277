import Foundation
import StepwiseTrace

/// One output cell of a conv layer: row, column and filter, counted from 0.
public struct ConvCell: Sendable, Equatable {
    public var row: Int
    public var column: Int
    public var filter: Int

    public init(row: Int, column: Int, filter: Int) {
        self.row = row
        self.column = column
        self.filter = filter
    }

    /// `"row,column,filter"` counted from 1, as lessons and the command line write it.
    public static func parse(_ text: String) throws -> ConvCell {
        let parts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, let row = parts[0], let column = parts[1], let filter = parts[2], row >= 1, column >= 1, filter >= 1 else {
            throw RenderError.invalidInput("option cell: expected row,column,filter counted from 1 (e.g. 1,2,1), found \"\(text)\"")
        }
        return ConvCell(row: row - 1, column: column - 1, filter: filter - 1)
    }
}

/// Where a conv layer's windows lie on its input: the stride and padding of `<layer>/convolution`.
struct ConvGeometry {
    let strides: [Int]
    /// `[top, bottom, left, right]`.
    let pads: [Int]
    let kernel: (rows: Int, columns: Int)

    init(_ convolution: OpRecord, kernelRows: Int, kernelColumns: Int) {
        func ints(_ key: String) -> [Int]? { if case .ints(let v)? = convolution.attributes[key] { return v } else { return nil } }
        strides = ints("strides") ?? [1, 1]
        pads = ints("pads") ?? [0, 0, 0, 0]
        kernel = (kernelRows, kernelColumns)
    }

    /// The input row and column of the window's top-left cell for output cell (`row`, `column`)
    /// (negative, or past the edge, in the padding).
    func origin(row: Int, column: Int) -> (row: Int, column: Int) {
        (row * strides[0] - pads[0], column * strides[1] - pads[2])
    }

    /// The window of output cell (`row`, `column`) on a panel laid out as `layout`, inset by `inset`.
    func window(row: Int, column: Int, on layout: MatrixPanel.Layout, inset: Double) -> Rect {
        let (r, c) = origin(row: row, column: column)
        let size = layout.cellSize
        return Rect(x: layout.grid.x + Double(c) * size + inset, y: layout.grid.y + Double(r) * size + inset,
                    width: Double(kernel.columns) * size - 2 * inset, height: Double(kernel.rows) * size - 2 * inset)
    }
}

extension FigureBuilder {
    /// An outline that reads on any colour map: a white underlay and a coloured line on top
    /// (dashed when `dashed`, for windows that overlap).
    mutating func outline(_ box: Rect, _ color: Color, width: Double = 2.5, dashed: Bool = false) {
        rect(box, fill: nil, stroke: Stroke(.white, width: width + 2))
        rect(box, fill: nil, stroke: Stroke(color, width: width, dash: dashed ? [5, 3] : []))
    }
}
