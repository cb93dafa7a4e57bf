import Foundation

/// The dashboard as one self-contained HTML page: inline CSS, inline SVG, no script, nothing
/// fetched from the network. Machine-readable marks for tests: `data-window-start`/`-end` on
/// the root, `data-metric`/`data-value` (exact integer sums) on each headline figure.
public enum DashboardPage {
    public static func render(_ data: DashboardData) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en" data-window-start="\(HTML.escape(data.windowStart))" data-window-end="\(HTML.escape(data.windowEnd))">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Pinterest Ads, \(HTML.escape(data.windowStart)) to \(HTML.escape(data.windowEnd))</title>
            <style>\(style)</style></head>
            <body><main>
            <header><h1>Pinterest Ads</h1><p class="window">\(HTML.escape(data.windowStart)) to \(HTML.escape(data.windowEnd)) (UTC days)
            · \(HTML.escape(data.source)) · generated \(HTML.escape(data.generatedAt))</p></header>

            """
        html += headline(data)
        html += section("Daily spend", Charts.line(data.daily.map { ($0.date, Double($0.spendMicro) / 1e6) }, title: "Daily spend",
                                                   format: { Format.compact($0) }), note: data.byCurrency.count > 1 ? "all currencies added" : nil)
        html += section("Daily CTR", Charts.line(data.daily.map { ($0.date, $0.impressions > 0 ? Double($0.clicks) / Double($0.impressions) * 100 : 0) },
                                                 title: "Daily CTR", color: "#0074e8", format: { String(format: "%.2f%%", $0) }))
        let mixed = data.byCurrency.count > 1 ? "currencies as they are, not converted" : nil
        html += section("Campaigns by spend", Charts.bars(data.campaigns.map { ($0.name, Double($0.spendMicro) / 1e6) },
                                                           title: "Campaigns by spend", format: { Format.compact($0) }), note: mixed)
        html += topAds(data.topAds)
        if !data.breakdowns.isEmpty {
            for breakdown in data.breakdowns {
                html += section("Spend by \(breakdown.title)", Charts.bars(breakdown.values.map { ($0.name, Double($0.spendMicro) / 1e6) },
                                                                            title: "Spend by \(breakdown.title)", color: "#6b4fbb",
                                                                            format: { Format.compact($0) }), note: mixed)
            }
        }
        html += freshness(data.freshness)
        html += "</main></body></html>\n"
        return html
    }

    private static func headline(_ data: DashboardData) -> String {
        let t = data.totals
        func figure(_ label: String, metric: String?, value: Int64?, shown: String) -> String {
            let marks = metric.map { " data-metric=\"\($0)\" data-value=\"\(value ?? 0)\"" } ?? ""
            return "<div class=\"figure\"\(marks)><span class=\"label\">\(HTML.escape(label))</span><span class=\"value\">\(HTML.escape(shown))</span></div>"
        }
        func money(_ pick: (DashboardData.Totals) -> Int64) -> String {
            guard !data.byCurrency.isEmpty else { return Format.money(0, currency: nil) }
            return data.byCurrency.map { Format.money(pick($0.totals), currency: $0.currency) }.joined(separator: " + ")
        }
        func perCurrency(_ ratio: (DashboardData.Totals) -> String) -> String {
            data.byCurrency.count <= 1 ? ratio(data.byCurrency.first?.totals ?? t)
                : data.byCurrency.map { "\(ratio($0.totals)) \($0.currency)" }.joined(separator: " · ")
        }
        var html = "<section class=\"headline\"><h2>The window in figures</h2><div class=\"figures\">"
        html += figure("Spend", metric: "spend_micro", value: t.spendMicro, shown: money(\.spendMicro))
        html += figure("Impressions", metric: "impressions", value: t.impressions, shown: Format.integer(t.impressions))
        html += figure("Clicks", metric: "clicks", value: t.clicks, shown: Format.integer(t.clicks))
        html += figure("Saves", metric: "saves", value: t.saves, shown: Format.integer(t.saves))
        html += figure("Conversions", metric: "conversions", value: t.conversions, shown: Format.integer(t.conversions))
        html += figure("Checkout value", metric: "checkout_value_micro", value: t.checkoutValueMicro, shown: money(\.checkoutValueMicro))
        // Ratios from the sums, never averages of per-row ratios; "—" where the denominator is 0.
        html += figure("CTR", metric: nil, value: nil, shown: Format.percent(t.clicks, of: t.impressions))
        html += figure("CPC", metric: nil, value: nil, shown: perCurrency { Format.ratio(micro: $0.spendMicro, per: $0.clicks) })
        html += figure("CPM", metric: nil, value: nil, shown: perCurrency { Format.ratio(micro: $0.spendMicro, per: $0.impressions, times: 1_000) })
        html += figure("Save rate", metric: nil, value: nil, shown: Format.percent(t.saves, of: t.impressions))
        html += figure("ROAS", metric: nil, value: nil, shown: perCurrency { Format.multiple($0.checkoutValueMicro, over: $0.spendMicro) })
        return html + "</div></section>\n"
    }

    private static func topAds(_ ads: [DashboardData.Ranked]) -> String {
        var html = "<section><h2>Top ads by spend</h2><table><thead><tr><th>Ad</th><th>Creative</th><th>Spend</th><th>Impressions</th><th>CTR</th></tr></thead><tbody>"
        if ads.isEmpty { html += "<tr><td colspan=\"5\">No delivery in this window</td></tr>" }
        for ad in ads {
            let creative = ad.detail.map(HTML.escape) ?? "—"
            let link = HTML.safeURL(ad.imageURL).map { " <a href=\"\($0)\" rel=\"noreferrer\">image</a>" } ?? ""
            html += "<tr><td>\(HTML.escape(ad.name))</td><td>\(creative)\(link)</td><td class=\"num\">\(HTML.escape(Format.money(ad.spendMicro, currency: ad.currency)))</td>"
                + "<td class=\"num\">\(Format.integer(ad.impressions))</td><td class=\"num\">\(Format.percent(ad.clicks, of: ad.impressions))</td></tr>"
        }
        return html + "</tbody></table></section>\n"
    }

    private static func freshness(_ accounts: [DashboardData.Freshness]) -> String {
        var html = "<section><h2>Freshness</h2><table><thead><tr><th>Account</th><th>Newest date</th><th>Last successful import</th><th>Failed runs</th></tr></thead><tbody>"
        for account in accounts {
            let name = account.name.map { "\(HTML.escape($0)) (\(HTML.escape(account.account)))" } ?? HTML.escape(account.account)
            html += "<tr><td>\(name)</td><td>\(HTML.escape(account.newestDate ?? "—"))</td><td>\(HTML.escape(account.lastSuccess ?? "never"))</td>"
                + "<td class=\"num\(account.failedRuns > 0 ? " bad" : "")\">\(account.failedRuns)</td></tr>"
        }
        return html + "</tbody></table></section>\n"
    }

    private static func section(_ title: String, _ chart: String, note: String? = nil) -> String {
        "<section><h2>\(HTML.escape(title))\(note.map { " <small>(\(HTML.escape($0)))</small>" } ?? "")</h2>\(chart)</section>\n"
    }

    static let style = """
        body{margin:0;background:#f7f7f7;color:#222;font:14px/1.45 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
        main{max-width:960px;margin:0 auto;padding:16px 20px 48px}
        header h1{margin:8px 0 0;font-size:26px;color:#e60023}.window{margin:2px 0 16px;color:#555}
        section{background:#fff;border:1px solid #e4e4e4;border-radius:10px;padding:12px 16px;margin:0 0 16px}
        h2{font-size:16px;margin:4px 0 10px}h2 small{font-weight:normal;color:#777}
        .figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
        .figure{border:1px solid #eee;border-radius:8px;padding:8px 10px}.label{display:block;color:#666;font-size:12px}
        .value{display:block;font-size:18px;font-weight:600;overflow-wrap:anywhere}
        svg.chart{width:100%;height:auto;display:block}
        table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:5px 6px;border-bottom:1px solid #eee;vertical-align:top}
        td.num{text-align:right;white-space:nowrap}td.bad{color:#c00;font-weight:600}a{color:#0074e8}
        """
}
