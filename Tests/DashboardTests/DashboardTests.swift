import Foundation
import Testing
@testable import Dashboard

@Suite("Dashboard renderer")
struct DashboardTests {
    @Test("scales start at zero, end at a round number above the largest value, with round ticks")
    func scales() {
        let scale = Scale(covering: [0, 130, 987])
        #expect(scale.ticks.first == 0 && scale.maximum >= 987 && scale.ticks.last == scale.maximum)
        #expect(scale.ticks == [0, 250, 500, 750, 1_000])
        #expect(Scale(covering: []).maximum > 0, "an empty axis still has a range")
        #expect(Scale(covering: [0, 0]).maximum > 0)
        #expect(Scale(covering: [42]).ticks.allSatisfy { $0 >= 0 })
        #expect(Scale(covering: [-5, 3]).ticks.allSatisfy { $0 >= 0 }, "negative-free axes")
        #expect(Scale(covering: [.nan, .infinity, 7]).maximum.isFinite)
        #expect(abs(Scale.niceStep(0.0037) - 0.005) < 1e-12 && Scale.niceStep(1_234) == 2_000 && Scale.niceStep(100) == 100)
        #expect(Scale(covering: [10]).position(5, length: 100) == 50)
        #expect(Scale(covering: [10]).position(-3, length: 100) == 0)
    }

    @Test("text is escaped everywhere: quotes, <b>, ampersands, tabs and newlines, emoji kept")
    func escaping() {
        #expect(HTML.escape(#"<b>"Look" & 'see'</b>"#) == "&lt;b&gt;&quot;Look&quot; &amp; &#39;see&#39;&lt;/b&gt;")
        #expect(HTML.escape("a\tb\nc\u{7}d 👟") == "a b cd 👟")
        #expect(HTML.safeURL("javascript:alert(1)") == nil && HTML.safeURL("data:text/html,x") == nil)
        #expect(HTML.safeURL(#"https://x.example/a?b=1&c="2""#) == "https://x.example/a?b=1&amp;c=&quot;2&quot;")
        let bars = Charts.bars([(#"<script>alert("x")</script>"#, 3)], title: "t<", format: { "\($0)" })
        #expect(!bars.contains("<script>") && bars.contains("&lt;script&gt;") && bars.contains("<title>t&lt;</title>"))
    }

    @Test("charts with no data, one point, and many points")
    func chartShapes() {
        let empty = Charts.line([], title: "Daily spend", format: { "\($0)" })
        #expect(empty.hasPrefix("<svg") && empty.hasSuffix("</svg>") && empty.contains("No data in this window"))
        let one = Charts.line([("2026-11-30", 12)], title: "one", format: { "\($0)" })
        #expect(one.contains("<circle") && !one.contains("<polyline"))
        let many = Charts.line((0..<900).map { ("d\($0)", Double($0 % 37)) }, title: "900 days", format: { "\($0)" })
        #expect(many.contains("<polyline"))
        let dateLabels = many.components(separatedBy: "font-size=\"11\" fill=\"#555\">d").count - 1
        #expect((2...7).contains(dateLabels), "about six date labels, not 900: \(dateLabels)")
        #expect(Charts.bars([], title: "none", format: { "\($0)" }).contains("No data"))
    }

    static func sample() -> DashboardData {
        var data = DashboardData(windowStart: "2026-11-01", windowEnd: "2026-11-30", generatedAt: "now", source: "sqlite:x")
        data.totals.spendMicro = 1_234_567_891
        data.totals.impressions = 100_000
        data.totals.clicks = 0
        data.byCurrency = [.init(currency: "USD", totals: data.totals)]
        data.campaigns = [.init(name: #"Camp "A" <b>"#, currency: "USD", spendMicro: 5, impressions: 1, clicks: 0)]
        data.topAds = [.init(name: "Ad\t1", currency: "USD", spendMicro: 5, impressions: 0, clicks: 0,
                             detail: "Pin <i>1</i>", imageURL: "javascript:evil()")]
        return data
    }

    @Test("the page carries its window and exact headline sums, and divides by zero as —")
    func pageMarks() {
        let html = DashboardPage.render(Self.sample())
        #expect(html.contains(#"data-window-start="2026-11-01" data-window-end="2026-11-30""#))
        #expect(html.contains(#"data-metric="spend_micro" data-value="1234567891""#))
        #expect(html.contains(#"data-metric="clicks" data-value="0""#))
        #expect(html.contains("1,234.56 USD"))
        #expect(html.contains("<span class=\"value\">—</span>"), "CPC with no clicks is —, not a division by zero")
        #expect(!html.contains("<b>") && !html.contains("<i>1") && !html.contains("javascript:"))
        for fetch in ["<script", "<link", "src=", "@import", "url("] {
            #expect(!html.contains(fetch), "self-contained: nothing fetched (\(fetch))")
        }
    }
}
