/// Lookup rows for the meta tables: Pinterest's ad account, campaign, ad group and ad objects,
/// flattened to scalars. Enum-typed fields are kept as text so a new value never breaks a run;
/// nested objects are kept as their JSON text. Times are Unix seconds, as the API sends them.

public struct AdAccountRecord: Hashable, Sendable {
    public var id: String
    public var name: String?
    public var currency: String?
    public var country: String?
    public var ownerUsername: String?
    public var ownerId: String?
    public var createdTime: Int64?
    public var updatedTime: Int64?

    public init(id: String, name: String? = nil, currency: String? = nil, country: String? = nil,
                ownerUsername: String? = nil, ownerId: String? = nil,
                createdTime: Int64? = nil, updatedTime: Int64? = nil) {
        self.id = id
        self.name = name
        self.currency = currency
        self.country = country
        self.ownerUsername = ownerUsername
        self.ownerId = ownerId
        self.createdTime = createdTime
        self.updatedTime = updatedTime
    }
}

public struct CampaignRecord: Hashable, Sendable {
    public var id: String
    public var adAccountId: String
    public var name: String?
    public var status: String?
    public var summaryStatus: String?
    public var objectiveType: String?
    public var dailySpendCapMicro: Int64?
    public var lifetimeSpendCapMicro: Int64?
    public var orderLineId: String?
    public var startTime: Int64?
    public var endTime: Int64?
    public var isFlexibleDailyBudgets: Bool?
    public var isAutomatedCampaign: Bool?
    public var isCampaignBudgetOptimization: Bool?
    public var isPerformancePlus: Bool?
    /// JSON text of `tracking_urls`.
    public var trackingUrls: String?
    /// JSON text of `bid_options`.
    public var bidOptions: String?
    public var createdTime: Int64?
    public var updatedTime: Int64?

    public init(id: String, adAccountId: String) {
        self.id = id
        self.adAccountId = adAccountId
    }
}

public struct AdGroupRecord: Hashable, Sendable {
    public var id: String
    public var adAccountId: String
    public var campaignId: String
    public var name: String?
    public var status: String?
    public var summaryStatus: String?
    public var budgetType: String?
    public var budgetInMicroCurrency: Int64?
    public var bidInMicroCurrency: Int64?
    public var billableEvent: String?
    public var bidStrategyType: String?
    /// JSON text of `optimization_goal_metadata`.
    public var optimizationGoalMetadata: String?
    /// JSON text of `targeting_spec`.
    public var targetingSpec: String?
    public var startTime: Int64?
    public var endTime: Int64?
    public var lifetimeFrequencyCap: Int64?
    public var pacingDeliveryType: String?
    public var placementGroup: String?
    public var autoTargetingEnabled: Bool?
    public var isCreativeOptimization: Bool?
    public var promotionId: String?
    public var promotionApplicationLevel: String?
    public var bidMultiplier: Double?
    public var conversionLearningModeType: String?
    public var feedProfileId: String?
    /// JSON text of `tracking_urls`.
    public var trackingUrls: String?
    public var createdTime: Int64?
    public var updatedTime: Int64?

    public init(id: String, adAccountId: String, campaignId: String) {
        self.id = id
        self.adAccountId = adAccountId
        self.campaignId = campaignId
    }
}

/// An ad, which reports call a pin promotion: `id` equals `pin_promotion_id` in delivery rows.
public struct AdRecord: Hashable, Sendable {
    public var id: String
    public var adAccountId: String
    public var campaignId: String
    public var adGroupId: String
    public var pinId: String?
    public var name: String?
    public var status: String?
    public var summaryStatus: String?
    public var reviewStatus: String?
    public var creativeType: String?
    public var destinationUrl: String?
    public var clickTrackingUrl: String?
    public var viewTrackingUrl: String?
    public var androidDeepLink: String?
    public var iosDeepLink: String?
    public var customizableCtaType: String?
    public var disclosureType: String?
    public var disclosureUrl: String?
    public var gridClickType: String?
    public var isPinDeleted: Bool?
    public var isRemovable: Bool?
    public var leadFormId: String?
    public var collectionItemsDestinationUrlTemplate: String?
    /// JSON text of `rejected_reasons`.
    public var rejectedReasons: String?
    /// JSON text of `tracking_urls`.
    public var trackingUrls: String?
    public var createdTime: Int64?
    public var updatedTime: Int64?

    public init(id: String, adAccountId: String, campaignId: String, adGroupId: String) {
        self.id = id
        self.adAccountId = adAccountId
        self.campaignId = campaignId
        self.adGroupId = adGroupId
    }
}
