import Foundation
import PinterestModel
import ProcessSupport
import TestSupport
import Testing
import Warehouse

/// `pinterest-etl report`: the page's figures against SQL, and the page in a real browser.
@Suite("Dashboard report")
struct DashboardReportTests {
    /// Every `data-metric="m" data-value="v"` pair of a page.
    static func headline(_ html: String) -> [String: String] {
        var values: [String: String] = [:]
        var rest = Substring(html)
        while let start = rest.range(of: "data-metric=\"") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            let metric = String(rest[..<end])
            guard let value = rest.range(of: "data-value=\"") else { break }
            let after = rest[value.upperBound...]
            guard let close = after.firstIndex(of: "\"") else { break }
            values[metric] = String(after[..<close])
            rest = after[close...]
        }
        return values
    }

    @Test("the headline data-values equal SQL sums over the window, for all accounts and for one", arguments: SinkKind.available)
    func headlineEqualsSQL(kind: SinkKind) async throws {
        let harness = try await ETLHarness(kind)
        #expect(try await harness.run(["meta"], environment: ETLHarness.withBreakdowns).status == 0)
        #expect(try await harness.run(["delivery", "--lookback-days", "12"], environment: ETLHarness.withBreakdowns).status == 0)
        let metrics = ["spend_micro", "impressions", "clicks", "saves", "conversions", "checkout_value_micro"]
        for (accounts, days) in [(nil as [String]?, 7), ([harness.accounts[1]], 30)] {
            let out = harness.directory + "/report-\(days).html"
            var arguments = ["report", "--days", String(days), "--out", out]
            if let accounts { arguments += ["--accounts", accounts.joined(separator: ",")] }
            let result = try await harness.run(arguments)
            #expect(result.status == 0, "\(result.stderr)")
            let html = try String(contentsOfFile: out, encoding: .utf8)
            let newest = try #require(harness.select("SELECT MAX(date) FROM pinterest_data_delivery")[0][0]).prefix(10)
            let last = try #require(Day(String(newest)))
            let window = DayRange(first: last.adding(days: -(days - 1)), last: last)!
            #expect(html.contains(#"data-window-start="\#(window.first)" data-window-end="\#(window.last)""#))
            var filter = "WHERE date >= $1 AND date <= $2"
            var parameters: [SQLValue] = [.text(window.first.description), .text(window.last.description)]
            if let accounts { filter += " AND ad_account_id = $3"; parameters.append(.text(accounts[0])) }
            let sums = try harness.select("SELECT " + metrics.map { "COALESCE(SUM(\($0)), 0)" }.joined(separator: ", ")
                                          + " FROM pinterest_data_delivery \(filter)", parameters)[0]
            let page = Self.headline(html)
            for (index, metric) in metrics.enumerated() {
                #expect(page[metric] == sums[index], "\(metric): page \(page[metric] ?? "none"), SQL \(sums[index] ?? "NULL")")
            }
            // Breakdowns and creatives appear; names are escaped (the simulator's hold <b> and quotes).
            #expect(html.contains("Spend by device") && html.contains("Spend by age") && html.contains("Spend by country"))
            #expect(html.contains("&lt;b&gt;") && !html.contains("<b>"))
        }
    }

    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: FileManager.default.isExecutableFile)

    @Test("the demo's page in headless Chromium: its DOM holds the charts, and its screenshot is not blank",
          .enabled(if: chromium != nil || PostgresTestServer.isRequired, "Chromium is not installed (apt-get install chromium)"))
    func demoPageInABrowser() async throws {
        let browser = try #require(Self.chromium, "CI must have chromium")
        let directory = Scratch.path("dashboard")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory]
        let demo = try await Subprocess.run([ETLHarness.binary, "demo"], environment: environment, directory: directory, timeout: .seconds(300))
        #expect(demo.status == 0, "\(demo.stderr)")
        let page = directory + "/pinterest-demo.html"
        #expect(demo.stdout.contains("pinterest-demo.html"))
        let flags = ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(directory)/chromium"]
        let dom = try await Subprocess.run([browser] + flags + ["--dump-dom", "file://\(page)"], environment: environment,
                                           directory: directory, timeout: .seconds(180))
        #expect(dom.status == 0, "\(dom.stderr.suffix(2_000))")
        #expect(dom.stdout.components(separatedBy: "<svg").count - 1 >= 6, "daily spend, daily CTR, campaigns, 4 breakdowns")
        for heading in ["Daily spend", "Daily CTR", "Campaigns by spend", "Top ads by spend", "Spend by device", "Spend by age",
                        "Spend by gender", "Spend by country", "Freshness"] {
            #expect(dom.stdout.contains(heading), "the page lacks \(heading)")
        }
        let shot = directory + "/dashboard.png"
        let screenshot = try await Subprocess.run([browser] + flags + ["--window-size=1000,2600", "--screenshot=\(shot)", "file://\(page)"],
                                                  environment: environment, directory: directory, timeout: .seconds(180))
        #expect(screenshot.status == 0, "\(screenshot.stderr.suffix(2_000))")
        let png = try Data(contentsOf: URL(fileURLWithPath: shot))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
        // A blank 1000×2600 page compresses to a few kB; charts, tables and text to far more.
        #expect(png.count > 40_000, "the screenshot looks blank (\(png.count) bytes)")
        if let keep = ProcessInfo.processInfo.environment["PINTEREST_ETL_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(atPath: shot, toPath: keep)
        }
    }
}
