import Foundation
import PinterestModel
@testable import PinterestSimulator
import Testing

@Suite struct EntityTests {
    @Test func pinTimestampsAreWrittenAsISO8601DateFormatterWritesThem() {
        let formatter = ISO8601DateFormatter()
        let seconds: [Int64] = [0, 59, 3_600, 86_399, 86_400, 951_782_400 /* 2000-02-29 */, 1_700_000_000,
                                1_764_547_199, -1, -86_400, -86_401, 4_102_444_800]
        for value in seconds {
            #expect(ISOTime.text(unixSeconds: value) == formatter.string(from: Date(timeIntervalSince1970: TimeInterval(value))),
                    "\(value)")
        }
    }

    @Test func sameSeedGivesSameData() async throws {
        let a = try await PinterestSimulator.start(makeOptions { $0.seed = 7 })
        let b = try await PinterestSimulator.start(makeOptions { $0.seed = 7 })
        let c = try await PinterestSimulator.start(makeOptions { $0.seed = 8 })
        defer { a.stop(); b.stop(); c.stop() }
        #expect(a.oracle.accounts == b.oracle.accounts)
        let account = a.oracle.accounts[0].id
        #expect(a.oracle.campaigns(account: account) == b.oracle.campaigns(account: account))
        #expect(a.oracle.adGroups(account: account) == b.oracle.adGroups(account: account))
        #expect(a.oracle.ads(account: account) == b.oracle.ads(account: account))
        let range = DayRange(first: testToday.adding(days: -30), last: testToday.adding(days: -1))!
        #expect(a.oracle.deliveryRows(account: account, in: range) == b.oracle.deliveryRows(account: account, in: range))
        #expect(a.oracle.accounts != c.oracle.accounts)
        // Served bytes are identical too.
        let ra = try await TestClient(a).get("/ad_accounts/\(account)/ads?page_size=50")
        let rb = try await TestClient(b).get("/ad_accounts/\(account)/ads?page_size=50")
        #expect(ra.data == rb.data)
    }

    @Test func idsAre18DigitsUniqueAndNamesAreAwkward() async throws {
        let sim = try await PinterestSimulator.start(makeOptions { $0.accountCount = 3 })
        defer { sim.stop() }
        var ids = Set<String>()
        var names: [String] = []
        for account in sim.oracle.accounts {
            ids.insert(account.id)
            names.append(account.name ?? "")
            for c in sim.oracle.campaigns(account: account.id) { ids.insert(c.id); names.append(c.name ?? "") }
            for g in sim.oracle.adGroups(account: account.id) { ids.insert(g.id); names.append(g.name ?? "") }
            for ad in sim.oracle.ads(account: account.id) {
                ids.insert(ad.id); ids.insert(ad.pinId!); names.append(ad.name ?? "")
            }
        }
        let expectedIds: Int = 3 + 3 * 94  // accounts + (4 campaigns, 10 groups, 40 ads, 40 pins) each
        #expect(ids.count == expectedIds)
        #expect(ids.allSatisfy { $0.count == 18 && $0.allSatisfy(\.isNumber) && !$0.hasPrefix("0") })
        let all = names.joined()
        for awkward in ["\"", ",", "\t", "\n", "\\", "👟", "'"] { #expect(all.contains(awkward), "no \(awkward.debugDescription)") }
        // Names survive the wire exactly.
        let client = TestClient(sim)
        let served = try await client.get("/ad_accounts")
        let items = served.json["items"] as! [[String: Any]]
        #expect(items.map { $0["name"] as? String } == sim.oracle.accounts.map(\.name))
        #expect(items.map { $0["id"] as? String } == sim.oracle.accounts.map(\.id))
        #expect(served.header("Content-Type") == "application/json")
        let single = try await client.get("/ad_accounts/\(sim.oracle.accounts[1].id)")
        #expect(single.json["currency"] as? String == sim.oracle.accounts[1].currency)
        #expect(try await client.get("/ad_accounts/123456789012345678").status == 404)
        #expect(try await client.get("/ad_accounts/12x").status == 400)
    }

    @Test func everyStatusAndArchivedAdsWithRecentDelivery() async throws {
        let sim = try await PinterestSimulator.start(makeOptions())
        defer { sim.stop() }
        let account = sim.oracle.accounts[0].id
        let all = Set(["ACTIVE", "PAUSED", "ARCHIVED"])
        #expect(Set(sim.oracle.campaigns(account: account).compactMap(\.status)) == all)
        #expect(Set(sim.oracle.adGroups(account: account).compactMap(\.status)) == all)
        let ads = sim.oracle.ads(account: account)
        #expect(Set(ads.compactMap(\.status)) == all)
        let archived = Set(ads.filter { $0.status == "ARCHIVED" }.map(\.id))
        let recent = DayRange(first: testToday.adding(days: -3), last: testToday.adding(days: -1))!
        let rows = sim.oracle.deliveryRows(account: account, in: recent)
        #expect(rows.contains { archived.contains($0.pinPromotionId) })
        // Realistic fields are filled.
        let group = sim.oracle.adGroups(account: account)[0]
        #expect(group.targetingSpec?.contains("\"GENDER\"") == true)
        #expect(group.optimizationGoalMetadata?.contains("conversion_tag_v3_goal_metadata") == true)
        #expect(ads.allSatisfy { $0.creativeType != nil && $0.destinationUrl != nil && $0.createdTime != nil })
    }

    @Test func defaultStatusFilterAndExplicitStatuses() async throws {
        let sim = try await PinterestSimulator.start(makeOptions())
        defer { sim.stop() }
        let client = TestClient(sim)
        let account = sim.oracle.accounts[1].id
        let ads = sim.oracle.ads(account: account)
        let defaulted = try await client.listAll("/ad_accounts/\(account)/ads?page_size=250")
        #expect(defaulted.map { $0["id"] as! String } == ads.filter { $0.status != "ARCHIVED" }.map(\.id))
        let comma = try await client.listAll("/ad_accounts/\(account)/ads?entity_statuses=ACTIVE,PAUSED,ARCHIVED")
        #expect(comma.map { $0["id"] as! String } == ads.map(\.id))
        let repeated = try await client.listAll(
            "/ad_accounts/\(account)/campaigns?entity_statuses=ACTIVE&entity_statuses=PAUSED&entity_statuses=ARCHIVED")
        #expect(repeated.map { $0["id"] as! String } == sim.oracle.campaigns(account: account).map(\.id))
        let archivedOnly = try await client.listAll("/ad_accounts/\(account)/ad_groups?entity_statuses=ARCHIVED")
        #expect(!archivedOnly.isEmpty && archivedOnly.allSatisfy { $0["status"] as? String == "ARCHIVED" })
        #expect(try await client.get("/ad_accounts/\(account)/ads?entity_statuses=BOGUS").status == 400)
        // Single objects and id filters.
        let ad = ads[5]
        let one = try await client.get("/ad_accounts/\(account)/ads/\(ad.id)")
        #expect(one.json["pin_id"] as? String == ad.pinId)
        let byGroup = try await client.listAll("/ad_accounts/\(account)/ads?ad_group_ids=\(ad.adGroupId)&entity_statuses=ACTIVE,PAUSED,ARCHIVED")
        #expect(byGroup.map { $0["id"] as! String } == ads.filter { $0.adGroupId == ad.adGroupId }.map(\.id))
    }

    @Test func pagingReturnsEveryEntityOnceAndRejectsLargePages() async throws {
        let sim = try await PinterestSimulator.start(makeOptions { $0.adsPerAccount = 53 })
        defer { sim.stop() }
        let client = TestClient(sim)
        let account = sim.oracle.accounts[0].id
        let all = "entity_statuses=ACTIVE,PAUSED,ARCHIVED"
        let ads = try await client.listAll("/ad_accounts/\(account)/ads?page_size=7&\(all)")
        #expect(ads.map { $0["id"] as! String } == sim.oracle.ads(account: account).map(\.id))
        #expect(Set(ads.map { $0["id"] as! String }).count == 53)
        let groups = try await client.listAll("/ad_accounts/\(account)/ad_groups?page_size=1&\(all)")
        #expect(groups.map { $0["id"] as! String } == sim.oracle.adGroups(account: account).map(\.id))
        let accounts = try await client.listAll("/ad_accounts?page_size=1")
        #expect(accounts.count == 2)
        for bad in ["251", "0", "abc"] {
            let r = try await client.get("/ad_accounts/\(account)/campaigns?page_size=\(bad)")
            #expect(r.status == 400)
            #expect(r.json["code"] as? Int == 1)
            #expect((r.json["message"] as? String)?.isEmpty == false)
        }
        #expect(try await client.get("/ad_accounts/\(account)/campaigns?page_size=250").status == 200)
        #expect(try await client.get("/ad_accounts/\(account)/campaigns?bookmark=garbage").status == 400)
        let empty = try await client.get("/ad_accounts/\(account)/campaigns?entity_statuses=DRAFT")
        #expect((empty.json["items"] as? [Any])?.isEmpty == true)
        #expect(empty.json["bookmark"] is NSNull)
    }
}
