import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PinterestAPI
import PinterestModel
import Warehouse

/// The floor the connector must beat by 2×: what an obvious script does. The whole report file
/// is read and decoded at once with `JSONSerialization` (Python's `json.load`), then every row
/// is inserted with the same prepared statement, its values bound by name, in one transaction
/// (`executemany`). For the small account it also lists the entities page by page and requests,
/// polls and fetches the report over HTTP. It validates nothing and runs in the bench's own
/// process (no process start), so it is a generous floor.
enum NaiveScript {
    /// Reads the report file at `path` and inserts its rows into `pinterest_data_delivery` of the
    /// migrated SQLite file at `database`; returns the number of rows.
    static func importReport(file path: String, account: String, database: String) async throws -> Int {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try await insertReport(data, account: account, database: database)
    }

    static func insertReport(_ data: Data, account: String, database: String) async throws -> Int {
        guard let report = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw BenchError("the naive script expected a JSON object")
        }
        let warehouse = try Warehouse.open(.sqlite(path: database))
        defer { warehouse.close() }
        let sql = DeliveryRow.insertSQL
        let loadedAt = Timestamp.now().description
        return try await warehouse.transaction {
            var stored = 0
            for case let (_, rows as [[String: Any]]) in report {
                for row in rows {
                    var values: [SQLValue] = [
                        .text(row["DATE"] as? String ?? ""), .text(account), .text(text(row["CAMPAIGN_ID"])),
                        .text(text(row["AD_GROUP_ID"])), .text(text(row["PIN_PROMOTION_ID"])), .text(text(row["PIN_ID"])),
                    ]
                    for metric in DeliveryMetric.allCases {
                        let number = row[metric.reportColumn] as? NSNumber
                        values.append(metric.isFractional ? .double(number?.doubleValue ?? 0) : .integer(number?.int64Value ?? 0))
                    }
                    values += [.text("naive-script"), .text(loadedAt)]
                    stored += try warehouse.execute(sql, values)
                }
            }
            return stored
        }
    }

    private static func text(_ value: Any?) -> String {
        if let string = value as? String { return string }
        if let number = value as? NSNumber { return number.stringValue }
        return ""
    }

    /// The small account end to end, as a script would: the three entity lists page by page
    /// into tables of their own (id, name, status and the item's JSON), then one delivery report
    /// for `window`, polled every second, fetched whole and inserted as `importReport` does.
    /// The access token is taken from the token file the connector's runs left (the script is
    /// not charged for OAuth). Returns the seconds spent waiting for the report to be ready,
    /// which do not count as the script's own time.
    static func smallAccount(baseURL: URL, tokenFile: String, account: String, window: DayRange,
                             database: String) async throws -> (rows: Int, reportWait: Double) {
        guard let token = try FileTokenStore(path: tokenFile).load()?.accessToken else {
            throw BenchError("no access token in \(tokenFile) for the naive script")
        }
        let session = URLSession(configuration: .ephemeral)
        func get(_ path: String, _ query: [URLQueryItem] = []) async throws -> [String: Any] {
            var components = URLComponents(url: baseURL.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
            components.queryItems = query.isEmpty ? nil : query
            var request = URLRequest(url: components.url!)
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            let (data, _) = try await session.data(for: request)
            return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        }
        let warehouse = try Warehouse.open(.sqlite(path: database))
        defer { warehouse.close() }
        for table in ["campaigns", "ad_groups", "ads"] {
            try warehouse.executeScript("CREATE TABLE IF NOT EXISTS naive_\(table) (id TEXT PRIMARY KEY, ad_account_id TEXT, name TEXT, status TEXT, json TEXT)")
            var bookmark: String?
            var items: [[String: Any]] = []
            repeat {
                var query = [URLQueryItem(name: "page_size", value: "250")]
                if let bookmark { query.append(URLQueryItem(name: "bookmark", value: bookmark)) }
                let page = try await get("ad_accounts/\(account)/\(table)", query)
                items += page["items"] as? [[String: Any]] ?? []
                bookmark = page["bookmark"] as? String
            } while bookmark?.isEmpty == false
            _ = try await warehouse.transaction {
                for item in items {
                    let json = String(decoding: try JSONSerialization.data(withJSONObject: item), as: UTF8.self)
                    try warehouse.execute("INSERT OR REPLACE INTO naive_\(table) VALUES ($1, $2, $3, $4, $5)",
                                          [.text(text(item["id"])), .text(account), .text(text(item["name"])),
                                           .text(text(item["status"])), .text(json)])
                }
            }
        }

        var create = URLRequest(url: baseURL.appendingPathComponent("ad_accounts/\(account)/reports"))
        create.httpMethod = "POST"
        create.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        create.setValue("application/json", forHTTPHeaderField: "Content-Type")
        create.httpBody = try JSONSerialization.data(withJSONObject: [
            "start_date": window.first.description, "end_date": window.last.description, "granularity": "DAY",
            "level": "PIN_PROMOTION", "columns": DeliveryMetric.idColumns + DeliveryMetric.allCases.map(\.reportColumn),
            "report_format": "JSON",
        ] as [String: Any])
        let requested = ContinuousClock.now
        let (created, _) = try await session.data(for: create)
        guard let reportToken = (try JSONSerialization.jsonObject(with: created) as? [String: Any])?["token"] as? String else {
            throw BenchError("the naive script got no report token")
        }
        var link: String?
        while link == nil {
            let status = try await get("ad_accounts/\(account)/reports", [URLQueryItem(name: "token", value: reportToken)])
            if status["report_status"] as? String == "FINISHED" { link = status["url"] as? String } else { try await Task.sleep(for: .seconds(1)) }
        }
        let reportWait = (ContinuousClock.now - requested).seconds
        let (file, _) = try await session.data(from: URL(string: link!)!)
        let rows = try await insertReport(file, account: account, database: database)
        return (rows, reportWait)
    }
}
