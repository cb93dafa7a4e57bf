public struct CampaignRecord: Hashable, Sendable, Codable {
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
