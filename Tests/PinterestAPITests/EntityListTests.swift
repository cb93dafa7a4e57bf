import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import PinterestAPI
import PinterestModel

@Suite struct EntityListTests {
    @Test func campaignsFollowBookmarksAndAskForEveryStatus() async throws {
        let transport = FakeTransport { request in
            switch request.query("bookmark").first {
            case nil:
                return .json(#"{"items":[{"id":"1","ad_account_id":"9","status":"ACTIVE"},{"id":"2","ad_account_id":"9"}],"bookmark":"b+/=1"}"#)
            case "b+/=1"?:
                return .json(#"{"items":[{"id":"3","ad_account_id":"9","status":"ARCHIVED"}],"bookmark":"b2"}"#)
            default:
                return .json(#"{"items":[],"bookmark":null}"#)
            }
        }
        let client = try Fixture.client(transport)
        var pages: [[String]] = []
        try await client.forEachCampaignPage(adAccountId: "9") { pages.append($0.map(\.id)) }
        #expect(pages == [["1", "2"], ["3"], []])
        for request in transport.requests {
            #expect(request.url!.path == "/v5/ad_accounts/9/campaigns")
            #expect(request.query("page_size") == ["250"])
            #expect(request.query("entity_statuses") == ["ACTIVE", "PAUSED", "ARCHIVED"])
            #expect(request.value(forHTTPHeaderField: "Authorization") == "Bearer \(Fixture.accessToken)")
        }
        // The bookmark is passed back exactly, escaped so '+' is not read as a space.
        #expect(transport.requests[1].url!.absoluteString.contains("bookmark=b%2B%2F%3D1"))
        #expect(client.requestCount(account: "9") == 3)
    }

    @Test func adAccountsPageWithoutStatuses() async throws {
        let transport = FakeTransport { request in
            request.query("bookmark").isEmpty
                ? .json(#"{"items":[{"id":"549755885175","name":"ACME","owner":{"id":"2783136121146311751","username":"acme"},"country":"US","currency":"USD","permissions":["OWNER"],"created_time":1603772920,"updated_time":null}],"bookmark":"x"}"#)
                : .json(#"{"items":[{"id":"2","currency":"XYZ"}]}"#)
        }
        let accounts = try await Fixture.client(transport).adAccounts()
        #expect(accounts.map(\.id) == ["549755885175", "2"])
        #expect(accounts[0].ownerId == "2783136121146311751")
        #expect(accounts[0].ownerUsername == "acme")
        #expect(accounts[0].createdTime == 1_603_772_920)
        #expect(accounts[0].updatedTime == nil)
        #expect(accounts[1].currency == "XYZ")
        #expect(transport.requests.allSatisfy { $0.query("entity_statuses").isEmpty })
    }

    @Test func adGroupFieldsDecodeWithUnknownEnumsAndNestedJSON() async throws {
        let transport = FakeTransport { _ in
            .json("""
            {"items":[{"id":"2680059592705","ad_account_id":"549755885175","campaign_id":"626736533506","name":"AG",
              "status":"SOME_NEW_STATUS","budget_in_micro_currency":9223372036854775807,"bid_in_micro_currency":"1500000",
              "targeting_spec":{"GEO":["US-94107"],"AGE_BUCKET":["25-34"]},
              "optimization_goal_metadata":{"conversion_tag_v3_goal_metadata":{"cpa_goal_value_in_micro_currency":"123456789012345678"}},
              "tracking_urls":null,"bid_multiplier":1.25,"auto_targeting_enabled":true,"brand_new_field":{"x":[1,2]},
              "start_time":1700000000,"type":"adgroup"}],"bookmark":null}
            """)
        }
        var groups: [AdGroupRecord] = []
        try await Fixture.client(transport).forEachAdGroupPage(adAccountId: "549755885175") { groups += $0 }
        let group = try #require(groups.first)
        #expect(group.status == "SOME_NEW_STATUS")
        #expect(group.budgetInMicroCurrency == Int64.max)
        #expect(group.bidInMicroCurrency == 1_500_000)
        #expect(group.targetingSpec == #"{"GEO":["US-94107"],"AGE_BUCKET":["25-34"]}"#)
        #expect(group.optimizationGoalMetadata == #"{"conversion_tag_v3_goal_metadata":{"cpa_goal_value_in_micro_currency":"123456789012345678"}}"#)
        #expect(group.trackingUrls == nil)
        #expect(group.bidMultiplier == 1.25)
        #expect(group.autoTargetingEnabled == true)
        #expect(group.startTime == 1_700_000_000)
    }

    @Test func eighteenDigitIdsStayExactEvenAsNumbers() async throws {
        let transport = FakeTransport { _ in
            .json(#"{"items":[{"id":987654321987654321,"ad_account_id":549755885175123456,"campaign_id":"626736533506000001","ad_group_id":999999999999999999,"pin_id":123456789012345679,"creative_type":"HOLOGRAM","rejected_reasons":["HASHTAGS"],"is_pin_deleted":false}],"bookmark":null}"#)
        }
        var ads: [AdRecord] = []
        try await Fixture.client(transport).forEachAdPage(adAccountId: "549755885175123456") { ads += $0 }
        let ad = try #require(ads.first)
        #expect(ad.id == "987654321987654321")
        #expect(ad.adAccountId == "549755885175123456")
        #expect(ad.adGroupId == "999999999999999999")
        #expect(ad.pinId == "123456789012345679")
        #expect(ad.creativeType == "HOLOGRAM")
        #expect(ad.rejectedReasons == #"["HASHTAGS"]"#)
        #expect(ad.isPinDeleted == false)
    }

    @Test func missingRequiredFieldNamesFieldAndEntity() async throws {
        let transport = FakeTransport { _ in
            .json(#"{"items":[{"id":"555000111","ad_account_id":"9","campaign_id":"7"}],"bookmark":null}"#)
        }
        let error = await #expect(throws: PinterestAPIError.self) {
            try await Fixture.client(transport).forEachAdPage(adAccountId: "9") { _ in }
        }
        #expect(error?.description.contains("ad_group_id") == true)
        #expect(error?.description.contains("555000111") == true)
        #expect(error?.exitCode == 1)
    }

    @Test func wrongTypeNamesFieldAndEntity() async throws {
        let transport = FakeTransport { _ in
            .json(#"{"items":[{"id":"42","ad_account_id":"9","daily_spend_cap":"lots"}],"bookmark":null}"#)
        }
        let error = await #expect(throws: PinterestAPIError.self) {
            try await Fixture.client(transport).forEachCampaignPage(adAccountId: "9") { _ in }
        }
        #expect(error?.description.contains("daily_spend_cap") == true)
        #expect(error?.description.contains("42") == true)
    }

    @Test func missingItemsIsABadResponse() async throws {
        let transport = FakeTransport { _ in .json(#"{"bookmark":null}"#) }
        let error = await #expect(throws: PinterestAPIError.self) { try await Fixture.client(transport).adAccounts() }
        #expect(error?.description.contains("items") == true)
    }

    @Test func repeatedBookmarkStopsInsteadOfLooping() async throws {
        let transport = FakeTransport { _ in .json(#"{"items":[],"bookmark":"same"}"#) }
        await #expect(throws: PinterestAPIError.self) { try await Fixture.client(transport).adAccounts() }
        #expect(transport.requests.count == 2)
    }
}
