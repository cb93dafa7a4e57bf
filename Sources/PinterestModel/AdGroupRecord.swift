public struct AdGroupRecord: Hashable, Sendable, Codable {
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
