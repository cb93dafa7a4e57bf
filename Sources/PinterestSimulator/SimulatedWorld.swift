import Foundation
import PinterestModel

/// The simulated advertiser world: accounts → campaigns → ad groups → ads, every entity derived
/// on demand from (seed, account index, entity index). Nothing is stored per entity, so an
/// account may hold 100,000+ ads at no memory cost.
///
/// Hierarchy is positional: ad `i` belongs to ad group `i / adsPerAdGroup`, ad group `g` to
/// campaign `g / adGroupsPerCampaign`. Ids grow with the index, so "ordered by id" is "ordered by
/// index" and higher ids are more recently created, as on Pinterest.
struct SimulatedWorld: Sendable {
    static let adsPerAdGroup = 4
    static let adGroupsPerCampaign = 3

    let seed: UInt64
    /// The initial "today": creation dates are anchored here and never move.
    let anchor: Day
    let adCounts: [Int]

    init(options: SimulatorOptions) {
        seed = options.seed
        anchor = options.today
        adCounts = (0..<max(0, options.accountCount)).map { options.adCount(forAccount: $0) }
    }

    var accountCount: Int { adCounts.count }
    func adCount(_ a: Int) -> Int { adCounts[a] }
    func adGroupCount(_ a: Int) -> Int { (adCounts[a] + Self.adsPerAdGroup - 1) / Self.adsPerAdGroup }
    func campaignCount(_ a: Int) -> Int { (adGroupCount(a) + Self.adGroupsPerCampaign - 1) / Self.adGroupsPerCampaign }

    // MARK: Ids
    // 18 digits: prefix (3) · seed bucket (2) · account (4) · offset index (9). The low part is
    // offset so no id is round: a client that squeezes ids through a Double breaks at once.
    enum Kind: Int64 { case account = 549, campaign = 626, adGroup = 268, ad = 687, pin = 840, owner = 278 }
    static let lowOffset: Int64 = 137_913_579

    func id(_ kind: Kind, account a: Int, index i: Int = 0) -> String {
        String(numericId(kind, account: a, index: i))
    }

    private var seedBucket: Int64 { 10 + Int64(seed % 90) }

    func numericId(_ kind: Kind, account a: Int, index i: Int) -> Int64 {
        kind.rawValue * 1_000_000_000_000_000 + seedBucket * 10_000_000_000_000
            + Int64(a + 1) * 1_000_000_000 + Self.lowOffset + Int64(i)
    }

    /// Inverse of `id` for a known kind: (account, index), or nil if it is not ours.
    func parse(_ text: String, as kind: Kind) -> (account: Int, index: Int)? {
        guard text.count == 18, text.allSatisfy(\.isASCII), let value = Int64(text) else { return nil }
        var rest = value - kind.rawValue * 1_000_000_000_000_000 - seedBucket * 10_000_000_000_000
        guard rest >= 0, rest < 10_000_000_000_000 else { return nil }
        let a = Int(rest / 1_000_000_000) - 1
        rest = rest % 1_000_000_000 - Self.lowOffset
        guard a >= 0, a < accountCount, rest >= 0 else { return nil }
        return (a, Int(rest))
    }

    func accountIndex(of id: String) -> Int? {
        guard let (a, i) = parse(id, as: .account), i == 0 else { return nil }
        return a
    }

    // MARK: Times

    private func unixSeconds(_ day: Day) -> Int64 { Int64(day.daysSinceEpoch) * 86_400 }

    /// The day ad `i` was created: spread over the ~14 months before the anchor, oldest first,
    /// the newest a few days before the anchor.
    func adCreatedDay(_ a: Int, _ i: Int) -> Day {
        let n = max(adCount(a), 1)
        return anchor.adding(days: -430 + Int(Int64(i) * 426 / Int64(n)))
    }

    private func createdTime(_ day: Day, _ h: UInt64) -> Int64 { unixSeconds(day) + Int64(h % 86_400) }

    // MARK: Awkward text
    // Names deliberately carry quotes, commas, tabs, newlines, backslashes, non-ASCII and emoji,
    // so every layer that quotes, escapes or re-encodes text gets exercised.
    private static let nameParts = [
        "Spring \"Sale\"", "Shoes, Bags & More", "Tab\there", "Line\nbreak", "Back\\slash C:\\ads",
        "Émoji 👟🔥", "Ünïcödé — ✓", "'Single' quotes", "Comma,Separated,Value", "日本語キャンペーン",
        "Semi;colon|pipe", "Trailing space ", "💍 Wedding \"Looks\"\t2025", "50% off <b>now</b>",
    ]

    func name(_ label: String, _ h: UInt64, index: Int) -> String {
        var d = DrawStream(h)
        return "\(label) #\(index) \(d.pick(Self.nameParts)) / \(d.pick(Self.nameParts))"
    }

    // MARK: Accounts
    private static let currencies = ["USD", "EUR", "GBP", "CAD", "AUD", "JPY", "SEK", "BRL"]
    private static let countries = ["US", "DE", "GB", "CA", "AU", "JP", "SE", "BR", "FR", "MX"]

    func accountRecord(_ a: Int) -> AdAccountRecord {
        var d = DrawStream(hash(seed, 1, UInt64(a)))
        let created = createdTime(anchor.adding(days: -900 + d.int(0...300)), d.next(1 << 32))
        let ownerIndex = d.int(0...5)
        return AdAccountRecord(
            id: id(.account, account: a),
            name: a == 0 ? "Acme \"Shoes\", Inc.\t🏷️ \\ EU\nMain" : name("Account", d.next(1 << 62), index: a),
            currency: a == 0 ? "USD" : d.pick(Self.currencies),
            country: a == 0 ? "US" : d.pick(Self.countries),
            ownerUsername: "owner_\(ownerIndex)",
            ownerId: id(.owner, account: 0, index: ownerIndex),
            createdTime: created,
            updatedTime: created + Int64(d.int(0...20_000_000))
        )
    }

    func accountJSON(_ r: AdAccountRecord) -> JSONValue {
        .object([
            ("id", .string(r.id)), ("name", r.name.json),
            ("owner", .object([("id", r.ownerId.json), ("username", r.ownerUsername.json)])),
            ("country", r.country.json), ("currency", r.currency.json),
            ("permissions", .array([.string("OWNER")])),
            ("created_time", r.createdTime.json), ("updated_time", r.updatedTime.json),
        ])
    }

    // MARK: Status
    // Positional patterns guarantee every status appears in any account with a few entities,
    // and ARCHIVED ads still deliver (they were archived recently), which the meta job must keep.

    static func campaignStatus(_ c: Int) -> String { ["ACTIVE", "PAUSED", "ACTIVE", "ARCHIVED"][c % 4] }
    static func adGroupStatus(_ g: Int) -> String { ["ACTIVE", "ACTIVE", "PAUSED", "ARCHIVED", "ACTIVE"][g % 5] }
    static func adStatus(_ i: Int) -> String { ["ACTIVE", "ACTIVE", "PAUSED", "ARCHIVED", "ACTIVE"][i % 5] }

    private static func summary(_ status: String, running: String) -> String {
        switch status { case "ACTIVE": running; case "PAUSED": "PAUSED"; default: "ARCHIVED" }
    }

    private func trackingURLs(_ h: UInt64, _ kind: String, _ id: String) -> String? {
        guard h % 3 != 0 else { return nil }
        return JSONBytes.canonical(.object([
            ("impression", .array([.string("https://track.example.com/imp?\(kind)=\(id)&cb=%%CACHEBUSTER%%")])),
            ("click", .array([.string("https://track.example.com/click/\(id)?utm_source=pinterest")])),
        ]))
    }

    // MARK: Campaigns
    private static let objectives = ["AWARENESS", "CONSIDERATION", "WEB_CONVERSION", "CATALOG_SALES", "VIDEO_COMPLETION"]

    func campaignRecord(_ a: Int, _ c: Int) -> CampaignRecord {
        var d = DrawStream(hash(seed, 2, UInt64(a), UInt64(c)))
        let cid = id(.campaign, account: a, index: c)
        var r = CampaignRecord(id: cid, adAccountId: id(.account, account: a))
        let firstAd = c * Self.adGroupsPerCampaign * Self.adsPerAdGroup
        let created = createdTime(adCreatedDay(a, min(firstAd, max(adCount(a) - 1, 0))).adding(days: -2), d.next(1 << 32))
        r.name = name("Campaign", d.next(1 << 62), index: c)
        r.status = Self.campaignStatus(c)
        r.summaryStatus = Self.summary(r.status!, running: "RUNNING")
        r.objectiveType = Self.objectives[c % Self.objectives.count]
        r.dailySpendCapMicro = d.chance(50) ? Int64(d.int(20...500)) * 1_000_000 : nil
        r.lifetimeSpendCapMicro = d.chance(30) ? Int64(d.int(1_000...50_000)) * 1_000_000 : nil
        r.orderLineId = d.chance(20) ? id(.owner, account: a, index: 1_000 + c) : nil
        r.startTime = created + 3_600
        r.endTime = d.chance(25) ? r.startTime! + Int64(d.int(30...400)) * 86_400 : nil
        r.isFlexibleDailyBudgets = d.chance(20)
        r.isAutomatedCampaign = d.chance(10)
        r.isCampaignBudgetOptimization = d.chance(30)
        r.isPerformancePlus = d.chance(15)
        r.trackingUrls = trackingURLs(d.next(1 << 62), "campaign", cid)
        r.bidOptions = d.chance(30) ? JSONBytes.canonical(.object([
            ("placement_multipliers", .object([("SEARCH", .double(1.5)), ("BROWSE", .double(0.8))])),
        ])) : nil
        r.createdTime = created
        r.updatedTime = created + Int64(d.int(0...5_000_000))
        return r
    }

    func campaignJSON(_ r: CampaignRecord) -> JSONValue {
        .object([
            ("id", .string(r.id)), ("ad_account_id", .string(r.adAccountId)), ("name", r.name.json),
            ("status", r.status.json), ("summary_status", r.summaryStatus.json),
            ("objective_type", r.objectiveType.json),
            ("daily_spend_cap", r.dailySpendCapMicro.json), ("lifetime_spend_cap", r.lifetimeSpendCapMicro.json),
            ("order_line_id", r.orderLineId.json), ("tracking_urls", r.trackingUrls.rawJSON),
            ("start_time", r.startTime.json), ("end_time", r.endTime.json),
            ("is_flexible_daily_budgets", r.isFlexibleDailyBudgets.json),
            ("is_automated_campaign", r.isAutomatedCampaign.json),
            ("is_campaign_budget_optimization", r.isCampaignBudgetOptimization.json),
            ("is_performance_plus", r.isPerformancePlus.json),
            ("bid_options", r.bidOptions.rawJSON),
            ("created_time", r.createdTime.json), ("updated_time", r.updatedTime.json),
            ("type", .string("campaign")),
        ])
    }

    // MARK: Ad groups
    private static let events = ["PAGE_VISIT", "SIGNUP", "CHECKOUT", "ADD_TO_CART", "LEAD"]

    func adGroupRecord(_ a: Int, _ g: Int) -> AdGroupRecord {
        var d = DrawStream(hash(seed, 3, UInt64(a), UInt64(g)))
        let c = g / Self.adGroupsPerCampaign
        let gid = id(.adGroup, account: a, index: g)
        var r = AdGroupRecord(id: gid, adAccountId: id(.account, account: a), campaignId: id(.campaign, account: a, index: c))
        let firstAd = min(g * Self.adsPerAdGroup, max(adCount(a) - 1, 0))
        let created = createdTime(adCreatedDay(a, firstAd).adding(days: -1), d.next(1 << 32))
        r.name = name("Ad group", d.next(1 << 62), index: g)
        r.status = Self.adGroupStatus(g)
        r.summaryStatus = Self.summary(r.status!, running: "RUNNING")
        r.budgetType = ["DAILY", "LIFETIME", "CBO_ADGROUP"][g % 3]
        r.budgetInMicroCurrency = r.budgetType == "CBO_ADGROUP" ? nil : Int64(d.int(10...2_000)) * 1_000_000
        r.bidStrategyType = ["AUTOMATIC_BID", "MAX_BID", "TARGET_AVG"][Int(d.next(3))]
        r.bidInMicroCurrency = r.bidStrategyType == "AUTOMATIC_BID" ? nil : Int64(d.int(100_000...5_000_000))
        r.billableEvent = ["CLICKTHROUGH", "IMPRESSION", "VIDEO_V_50_MRC"][Int(d.next(3))]
        let event = d.pick(Self.events)
        r.optimizationGoalMetadata = JSONBytes.canonical(.object([
            ("conversion_tag_v3_goal_metadata", .object([
                ("attribution_windows", .object([
                    ("click_window_days", .int(30)), ("engagement_window_days", .int(30)), ("view_window_days", .int(1)),
                ])),
                ("conversion_event", .string(event)),
                ("conversion_tag_id", .string(String(2_612_345_678_901 + Int64(a)))),
                ("cpa_goal_value_in_micro_currency", .string(String(d.int(1...80) * 1_000_000))),
                ("is_roas_optimized", .bool(d.chance(30))),
                ("learning_mode_type", .string(d.chance(50) ? "ACTIVE" : "NOT_ACTIVE")),
            ])),
            ("frequency_goal_metadata", .null),
            ("scrollup_goal_metadata", .null),
        ]))
        r.targetingSpec = JSONBytes.canonical(.object([
            ("AGE_BUCKET", .array(["25-34", "35-44"].map(JSONValue.string))),
            ("APPTYPE", .array(["iphone", "android_mobile", "web"].map(JSONValue.string))),
            ("GENDER", .array([.string(d.chance(50) ? "female" : "male")])),
            ("LOCALE", .array([.string("en")])),
            ("LOCATION", .array([.string("US"), .string(String(d.int(500...881)))])),
            ("TARGETING_STRATEGY", .array([.string("CHOOSE_YOUR_OWN")])),
        ]))
        r.startTime = created + 7_200
        r.endTime = d.chance(20) ? r.startTime! + Int64(d.int(14...200)) * 86_400 : nil
        r.lifetimeFrequencyCap = Int64(d.int(0...10))
        r.pacingDeliveryType = d.chance(80) ? "STANDARD" : "ACCELERATED"
        r.placementGroup = ["ALL", "SEARCH", "BROWSE", "ALL"][Int(d.next(4))]
        r.autoTargetingEnabled = d.chance(60)
        r.isCreativeOptimization = d.chance(20)
        r.promotionId = nil
        r.promotionApplicationLevel = "NONE"
        r.bidMultiplier = d.chance(20) ? 1.25 : nil
        r.conversionLearningModeType = d.chance(50) ? "ACTIVE" : "NOT_ACTIVE"
        r.feedProfileId = "0"
        r.trackingUrls = trackingURLs(d.next(1 << 62), "adgroup", gid)
        r.createdTime = created
        r.updatedTime = created + Int64(d.int(0...5_000_000))
        return r
    }

    func adGroupJSON(_ r: AdGroupRecord) -> JSONValue {
        .object([
            ("id", .string(r.id)), ("ad_account_id", .string(r.adAccountId)), ("campaign_id", .string(r.campaignId)),
            ("name", r.name.json), ("status", r.status.json), ("summary_status", r.summaryStatus.json),
            ("budget_in_micro_currency", r.budgetInMicroCurrency.json), ("bid_in_micro_currency", r.bidInMicroCurrency.json),
            ("budget_type", r.budgetType.json), ("bid_strategy_type", r.bidStrategyType.json),
            ("billable_event", r.billableEvent.json),
            ("start_time", r.startTime.json), ("end_time", r.endTime.json),
            ("lifetime_frequency_cap", r.lifetimeFrequencyCap.json),
            ("pacing_delivery_type", r.pacingDeliveryType.json), ("placement_group", r.placementGroup.json),
            ("auto_targeting_enabled", r.autoTargetingEnabled.json),
            ("is_creative_optimization", r.isCreativeOptimization.json),
            ("targeting_spec", r.targetingSpec.rawJSON), ("targeting_template_ids", .null),
            ("tracking_urls", r.trackingUrls.rawJSON),
            ("optimization_goal_metadata", r.optimizationGoalMetadata.rawJSON),
            ("promotion_id", r.promotionId.json), ("promotion_application_level", r.promotionApplicationLevel.json),
            ("bid_multiplier", r.bidMultiplier.json),
            ("conversion_learning_mode_type", r.conversionLearningModeType.json),
            ("dca_assets", .null), ("feed_profile_id", r.feedProfileId.json),
            ("created_time", r.createdTime.json), ("updated_time", r.updatedTime.json),
            ("type", .string("adgroup")),
        ])
    }

    // MARK: Ads
    static let creativeTypes = ["REGULAR", "VIDEO", "SHOPPING", "CAROUSEL", "MAX_VIDEO", "IDEA", "COLLECTION"]
    static func isVideo(_ creativeType: String) -> Bool { creativeType == "VIDEO" || creativeType == "MAX_VIDEO" }
    static func creativeType(_ i: Int) -> String { creativeTypes[(i / 5) % creativeTypes.count] }

    func adRecord(_ a: Int, _ i: Int) -> AdRecord {
        var d = DrawStream(hash(seed, 4, UInt64(a), UInt64(i)))
        let g = i / Self.adsPerAdGroup
        let c = g / Self.adGroupsPerCampaign
        let adId = id(.ad, account: a, index: i)
        var r = AdRecord(id: adId, adAccountId: id(.account, account: a),
                         campaignId: id(.campaign, account: a, index: c), adGroupId: id(.adGroup, account: a, index: g))
        let created = createdTime(adCreatedDay(a, i), d.next(1 << 32))
        r.pinId = id(.pin, account: a, index: i)
        r.name = i % 7 == 6 ? nil : name("Ad", d.next(1 << 62), index: i)
        r.status = Self.adStatus(i)
        r.creativeType = Self.creativeType(i)
        let rejected = r.status == "ACTIVE" && i % 23 == 22
        r.reviewStatus = rejected ? "REJECTED" : (i % 17 == 16 ? "PENDING" : "APPROVED")
        r.summaryStatus = switch r.status! {
        case "PAUSED": "PAUSED"
        case "ARCHIVED": "ARCHIVED"
        default: rejected ? "REJECTED" : (r.reviewStatus == "PENDING" ? "PENDING" : "APPROVED")
        }
        r.rejectedReasons = rejected ? JSONBytes.canonical(.array([.string("LANDING_PAGE"), .string("IMAGE_LOW_QUALITY")])) : nil
        r.destinationUrl = "https://shop.example.com/p/\(i)?utm_source=pinterest&utm_campaign=\(r.campaignId)&q=a%2Cb"
        r.clickTrackingUrl = d.chance(30) ? "https://ad.doubleclick.example/click?id=\(adId)" : nil
        r.viewTrackingUrl = d.chance(20) ? "https://ad.doubleclick.example/view?id=\(adId)" : nil
        r.androidDeepLink = d.chance(10) ? "shop://product/\(i)" : nil
        r.iosDeepLink = d.chance(10) ? "shop://product/\(i)" : nil
        r.customizableCtaType = d.chance(40) ? d.pick(["SHOP_NOW", "LEARN_MORE", "SIGN_UP", "BUY_NOW"]) : nil
        r.disclosureType = nil
        r.disclosureUrl = nil
        r.gridClickType = d.chance(50) ? "CLOSEUP" : "DIRECT_TO_DESTINATION"
        r.isPinDeleted = i % 29 == 28
        r.isRemovable = false
        r.leadFormId = nil
        r.collectionItemsDestinationUrlTemplate = r.creativeType == "COLLECTION" ? "https://shop.example.com/c/{{item_id}}" : nil
        r.trackingUrls = trackingURLs(d.next(1 << 62), "ad", adId)
        r.createdTime = created
        // Archived and paused ads were changed recently; others any time since creation.
        let anchorSeconds = unixSeconds(anchor)
        r.updatedTime = r.status == "ACTIVE" ? min(created + Int64(d.int(0...3_000_000)), anchorSeconds)
                                             : max(created, anchorSeconds - Int64(d.int(0...86_400)))
        return r
    }

    func adJSON(_ r: AdRecord) -> JSONValue {
        .object([
            ("id", .string(r.id)), ("ad_account_id", .string(r.adAccountId)),
            ("campaign_id", .string(r.campaignId)), ("ad_group_id", .string(r.adGroupId)),
            ("pin_id", r.pinId.json), ("name", r.name.json),
            ("status", r.status.json), ("summary_status", r.summaryStatus.json), ("review_status", r.reviewStatus.json),
            ("rejected_reasons", r.rejectedReasons.rawJSON), ("rejection_labels", .null),
            ("creative_type", r.creativeType.json), ("destination_url", r.destinationUrl.json),
            ("android_deep_link", r.androidDeepLink.json), ("ios_deep_link", r.iosDeepLink.json),
            ("carousel_destination_urls", .null), ("carousel_android_deep_links", .null), ("carousel_ios_deep_links", .null),
            ("click_tracking_url", r.clickTrackingUrl.json), ("view_tracking_url", r.viewTrackingUrl.json),
            ("tracking_urls", r.trackingUrls.rawJSON),
            ("customizable_cta_type", r.customizableCtaType.json),
            ("disclosure_type", r.disclosureType.json), ("disclosure_url", r.disclosureUrl.json),
            ("grid_click_type", r.gridClickType.json),
            ("is_pin_deleted", r.isPinDeleted.json), ("is_removable", r.isRemovable.json),
            ("lead_form_id", r.leadFormId.json), ("quiz_pin_data", .null),
            ("collection_items_destination_url_template", r.collectionItemsDestinationUrlTemplate.json),
            ("created_time", r.createdTime.json), ("updated_time", r.updatedTime.json),
            ("type", .string("pinpromotion")),
        ])
    }
}
