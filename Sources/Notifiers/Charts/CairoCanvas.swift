import CCairo

/// An RGB colour, components 0…1.
struct ChartColor: Sendable {
    var red: Double
    var green: Double
    var blue: Double
    var alpha: Double = 1

    init(hex: UInt32, alpha: Double = 1) {
        red = Double((hex >> 16) & 0xFF) / 255
        green = Double((hex >> 8) & 0xFF) / 255
        blue = Double(hex & 0xFF) / 255
        self.alpha = alpha
    }
}

/// A Cairo image surface and its drawing context: the thin layer where Cairo's C pointers live.
/// Confined to the one caller that draws a chart and encodes it.
final class CairoCanvas {
    private let surface: OpaquePointer
    private let context: OpaquePointer
    let width: Int
    let height: Int

    init(width: Int, height: Int) throws {
        guard width > 0, height > 0, width <= 8192, height <= 8192 else {
            throw ChartError(.invalidSize, "a chart must be between 1×1 and 8192×8192 pixels, not \(width)×\(height)")
        }
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))!
        let context = cairo_create(surface)!
        self.surface = surface
        self.context = context
        self.width = width
        self.height = height
        try Self.check(cairo_surface_status(surface), "creating a \(width)×\(height) image")
        try Self.check(cairo_status(context), "creating a drawing context")
        cairo_select_font_face(context, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// The one place a Cairo status becomes a Swift error.
    private static func check(_ status: cairo_status_t, _ what: String) throws {
        guard status != CAIRO_STATUS_SUCCESS else { return }
        throw ChartError(.render, "\(what): \(String(cString: cairo_status_to_string(status)))")
    }

    func fill(_ color: ChartColor, x: Double, y: Double, width: Double, height: Double) {
        set(color)
        cairo_rectangle(context, x, y, width, height)
        cairo_fill(context)
    }

    func stroke(_ color: ChartColor, lineWidth: Double, dash: [Double] = [], _ points: [(Double, Double)]) {
        guard let first = points.first else { return }
        set(color)
        cairo_set_line_width(context, lineWidth)
        dash.withUnsafeBufferPointer { cairo_set_dash(context, $0.baseAddress, Int32($0.count), 0) }
        cairo_move_to(context, first.0, first.1)
        for point in points.dropFirst() { cairo_line_to(context, point.0, point.1) }
        cairo_stroke(context)
        cairo_set_dash(context, nil, 0, 0)
    }

    /// A filled polygon (markers, areas).
    func fillPolygon(_ color: ChartColor, _ points: [(Double, Double)]) {
        guard let first = points.first else { return }
        set(color)
        cairo_move_to(context, first.0, first.1)
        for point in points.dropFirst() { cairo_line_to(context, point.0, point.1) }
        cairo_close_path(context)
        cairo_fill(context)
    }

    enum Alignment { case left, center, right }

    /// Draws `text` with its baseline at `y`.
    func text(_ text: String, x: Double, y: Double, size: Double, color: ChartColor, bold: Bool = false, align: Alignment = .left) {
        cairo_select_font_face(context, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        let start: Double =
            switch align {
            case .left: x
            case .center: x - extents.x_advance / 2
            case .right: x - extents.x_advance
            }
        set(color)
        cairo_move_to(context, start, y)
        cairo_show_text(context, text)
    }

    /// Restricts drawing to a rectangle until ``unclip()``.
    func clip(x: Double, y: Double, width: Double, height: Double) {
        cairo_save(context)
        cairo_rectangle(context, x, y, width, height)
        cairo_clip(context)
    }

    func unclip() { cairo_restore(context) }

    private func set(_ color: ChartColor) {
        cairo_set_source_rgba(context, color.red, color.green, color.blue, color.alpha)
    }

    /// The image as PNG bytes.
    func png() throws -> [UInt8] {
        cairo_surface_flush(surface)
        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        let status = cairo_surface_write_to_png_stream(
            surface,
            { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().bytes.append(
                    contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
        try Self.check(status, "encoding the chart as PNG")
        return sink.bytes
    }
}
