/// Sizes shared by every figure, in figure units (px). Few distinct sizes on purpose: SVG and
/// PDF embed each size's glyphs separately.
public enum Style {
    public static let margin = 16.0
    public static let titleSize = 15.0
    public static let labelSize = 12.0
    public static let tickSize = 10.0
    public static let cellTextSize = 10.0
    public static let smallSize = 10.0
    public static let tickLength = 4.0
    public static let colorBarWidth = 12.0
    /// Gap between the title block and the content.
    public static let titleGap = 10.0
}
