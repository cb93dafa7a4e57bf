/// An ad, which reports call a pin promotion: `id` equals `pin_promotion_id` in delivery rows.
public struct AdRecord: Hashable, Sendable, Codable {
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
