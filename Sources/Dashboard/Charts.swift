import Foundation

/// Inline SVG charts: a line over days and horizontal bars. No script, no external resource.
enum Charts {
    /// A line chart of `points` (x labels and values), `format` labelling the value axis.
    static func line(_ points: [(label: String, value: Double)], title: String, color: String = "#e60023",
                     format: (Double) -> String) -> String {
        let width = 720.0, height = 240.0, left = 64.0, bottom = 28.0, top = 12.0, right = 12.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let scale = Scale(covering: points.map(\.value))
        var svg = ##"<svg class="chart line" role="img" viewBox="0 0 \##(Int(width)) \##(Int(height))" xmlns="http://www.w3.org/2000/svg">"##
        svg += "<title>\(HTML.escape(title))</title>"
        for tick in scale.ticks {
            let y = top + plotHeight - scale.position(tick, length: plotHeight)
            svg += ##"<line class="grid" x1="\##(left)" x2="\##(width - right)" y1="\##(format2(y))" y2="\##(format2(y))" stroke="#e4e4e4"/>"##
            svg += ##"<text x="\##(left - 6)" y="\##(format2(y + 4))" text-anchor="end" font-size="11" fill="#555">\##(HTML.escape(format(tick)))</text>"##
        }
        guard !points.isEmpty else {
            return svg + ##"<text x="\##(width / 2)" y="\##(height / 2)" text-anchor="middle" fill="#777">No data in this window</text></svg>"##
        }
        let stepX = points.count > 1 ? plotWidth / Double(points.count - 1) : 0
        let coordinates = points.enumerated().map { index, point -> (Double, Double) in
            (left + (points.count > 1 ? Double(index) * stepX : plotWidth / 2),
             top + plotHeight - scale.position(point.value, length: plotHeight))
        }
        if coordinates.count == 1 {
            svg += ##"<circle cx="\##(format2(coordinates[0].0))" cy="\##(format2(coordinates[0].1))" r="4" fill="\##(color)"/>"##
        } else {
            let path = coordinates.map { "\(format2($0.0)),\(format2($0.1))" }.joined(separator: " ")
            svg += ##"<polyline fill="none" stroke="\##(color)" stroke-width="2" points="\##(path)"/>"##
        }
        // At most about six date labels, whatever the window's length; none crowding the last.
        let every = max(1, (points.count + 5) / 6)
        let labelled = points.indices.filter { index in
            index == points.count - 1 || (index % every == 0 && points.count - 1 - index >= max(1, every / 2))
        }
        for index in labelled {
            let point = points[index]
            // The first and last labels stay inside the frame.
            let anchor = points.count == 1 ? "middle" : index == 0 ? "start" : index == points.count - 1 ? "end" : "middle"
            svg += ##"<text x="\##(format2(coordinates[index].0))" y="\##(height - 8)" text-anchor="\##(anchor)" font-size="11" fill="#555">\##(HTML.escape(point.label))</text>"##
        }
        return svg + "</svg>"
    }

    /// Horizontal bars, largest first as given, each labelled with its name and `format(value)`.
    static func bars(_ rows: [(label: String, value: Double)], title: String, color: String = "#e60023",
                     format: (Double) -> String) -> String {
        let width = 720.0, rowHeight = 24.0, labelWidth = 260.0, valueWidth = 110.0
        let height = max(rowHeight, Double(rows.count) * rowHeight) + 8
        let scale = Scale(covering: rows.map(\.value))
        var svg = ##"<svg class="chart bars" role="img" viewBox="0 0 \##(Int(width)) \##(Int(height))" xmlns="http://www.w3.org/2000/svg">"##
        svg += "<title>\(HTML.escape(title))</title>"
        guard !rows.isEmpty else {
            return svg + ##"<text x="\##(width / 2)" y="18" text-anchor="middle" fill="#777">No data in this window</text></svg>"##
        }
        let barSpace = width - labelWidth - valueWidth
        for (index, row) in rows.enumerated() {
            let y = 4 + Double(index) * rowHeight
            let length = max(1, scale.position(row.value, length: barSpace))
            let label = row.label.count > 32 ? String(row.label.prefix(31)) + "…" : row.label
            svg += ##"<text x="\##(labelWidth - 8)" y="\##(format2(y + 16))" text-anchor="end" font-size="12" fill="#222">\##(HTML.escape(label))</text>"##
            svg += ##"<rect x="\##(labelWidth)" y="\##(format2(y + 4))" width="\##(format2(length))" height="\##(rowHeight - 8)" rx="2" fill="\##(color)"/>"##
            svg += ##"<text x="\##(format2(labelWidth + length + 6))" y="\##(format2(y + 16))" font-size="12" fill="#222">\##(HTML.escape(format(row.value)))</text>"##
        }
        return svg + "</svg>"
    }

    private static func format2(_ value: Double) -> String { String(format: "%.1f", value) }
}
