import PinterestModel

extension AdGroupRecord: WarehouseRow {
    public static let tableName = "pinterest_meta_adgroup"
    public static let stampColumns = ["refreshed_at"]
    public static let columnNames = [
        "id", "ad_account_id", "campaign_id", "name", "status", "summary_status", "budget_type",
        "budget_in_micro_currency", "bid_in_micro_currency", "billable_event", "bid_strategy_type",
        "optimization_goal_metadata", "targeting_spec", "start_time", "end_time",
        "lifetime_frequency_cap", "pacing_delivery_type", "placement_group", "auto_targeting_enabled",
        "is_creative_optimization", "promotion_id", "promotion_application_level", "bid_multiplier",
        "conversion_learning_mode_type", "feed_profile_id", "tracking_urls", "created_time", "updated_time",
    ]

    public func write<Writer: ColumnWriter>(to writer: inout Writer) {
        writer.write(id)
        writer.write(adAccountId)
        writer.write(campaignId)
        writer.write(name)
        writer.write(status)
        writer.write(summaryStatus)
        writer.write(budgetType)
        writer.write(budgetInMicroCurrency)
        writer.write(bidInMicroCurrency)
        writer.write(billableEvent)
        writer.write(bidStrategyType)
        writer.write(optimizationGoalMetadata)
        writer.write(targetingSpec)
        writer.write(unixSeconds: startTime)
        writer.write(unixSeconds: endTime)
        writer.write(lifetimeFrequencyCap)
        writer.write(pacingDeliveryType)
        writer.write(placementGroup)
        writer.write(autoTargetingEnabled)
        writer.write(isCreativeOptimization)
        writer.write(promotionId)
        writer.write(promotionApplicationLevel)
        writer.write(bidMultiplier)
        writer.write(conversionLearningModeType)
        writer.write(feedProfileId)
        writer.write(trackingUrls)
        writer.write(unixSeconds: createdTime)
        writer.write(unixSeconds: updatedTime)
    }
}
