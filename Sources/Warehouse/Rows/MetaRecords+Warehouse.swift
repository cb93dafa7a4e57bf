import PinterestModel

// The four lookup tables. Column order here is the order of `write(to:)`; the names match
// migrations/*/0001_initial.sql and the README's table reference.

extension AdAccountRecord: WarehouseRow {
    public static let tableName = "pinterest_meta_adaccount"
    public static let stampColumns = ["refreshed_at"]
    public static let columnNames = [
        "id", "name", "currency", "country", "owner_username", "owner_id", "created_time", "updated_time",
    ]

    public func write<Writer: ColumnWriter>(to writer: inout Writer) {
        writer.write(id)
        writer.write(name)
        writer.write(currency)
        writer.write(country)
        writer.write(ownerUsername)
        writer.write(ownerId)
        writer.write(unixSeconds: createdTime)
        writer.write(unixSeconds: updatedTime)
    }
}

extension CampaignRecord: WarehouseRow {
    public static let tableName = "pinterest_meta_campaign"
    public static let stampColumns = ["refreshed_at"]
    public static let columnNames = [
        "id", "ad_account_id", "name", "status", "summary_status", "objective_type",
        "daily_spend_cap_micro", "lifetime_spend_cap_micro", "order_line_id", "start_time", "end_time",
        "is_flexible_daily_budgets", "is_automated_campaign", "is_campaign_budget_optimization",
        "is_performance_plus", "tracking_urls", "bid_options", "created_time", "updated_time",
    ]

    public func write<Writer: ColumnWriter>(to writer: inout Writer) {
        writer.write(id)
        writer.write(adAccountId)
        writer.write(name)
        writer.write(status)
        writer.write(summaryStatus)
        writer.write(objectiveType)
        writer.write(dailySpendCapMicro)
        writer.write(lifetimeSpendCapMicro)
        writer.write(orderLineId)
        writer.write(unixSeconds: startTime)
        writer.write(unixSeconds: endTime)
        writer.write(isFlexibleDailyBudgets)
        writer.write(isAutomatedCampaign)
        writer.write(isCampaignBudgetOptimization)
        writer.write(isPerformancePlus)
        writer.write(trackingUrls)
        writer.write(bidOptions)
        writer.write(unixSeconds: createdTime)
        writer.write(unixSeconds: updatedTime)
    }
}

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

extension AdRecord: WarehouseRow {
    public static let tableName = "pinterest_meta_pinpromotion"
    public static let stampColumns = ["refreshed_at"]
    public static let columnNames = [
        "id", "ad_account_id", "campaign_id", "ad_group_id", "pin_id", "name", "status", "summary_status",
        "review_status", "creative_type", "destination_url", "click_tracking_url", "view_tracking_url",
        "android_deep_link", "ios_deep_link", "customizable_cta_type", "disclosure_type", "disclosure_url",
        "grid_click_type", "is_pin_deleted", "is_removable", "lead_form_id",
        "collection_items_destination_url_template", "rejected_reasons", "tracking_urls",
        "created_time", "updated_time",
    ]

    public func write<Writer: ColumnWriter>(to writer: inout Writer) {
        writer.write(id)
        writer.write(adAccountId)
        writer.write(campaignId)
        writer.write(adGroupId)
        writer.write(pinId)
        writer.write(name)
        writer.write(status)
        writer.write(summaryStatus)
        writer.write(reviewStatus)
        writer.write(creativeType)
        writer.write(destinationUrl)
        writer.write(clickTrackingUrl)
        writer.write(viewTrackingUrl)
        writer.write(androidDeepLink)
        writer.write(iosDeepLink)
        writer.write(customizableCtaType)
        writer.write(disclosureType)
        writer.write(disclosureUrl)
        writer.write(gridClickType)
        writer.write(isPinDeleted)
        writer.write(isRemovable)
        writer.write(leadFormId)
        writer.write(collectionItemsDestinationUrlTemplate)
        writer.write(rejectedReasons)
        writer.write(trackingUrls)
        writer.write(unixSeconds: createdTime)
        writer.write(unixSeconds: updatedTime)
    }
}
