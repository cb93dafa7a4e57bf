import PinterestModel

extension AdGroupRecord {
    init(json: JSONValue, account: String) throws {
        var r = try EntityReader(json, what: "ad group", account: account)
        let id = try r.requiredId("id")
        r.id = id
        self.init(id: id, adAccountId: try r.requiredId("ad_account_id"), campaignId: try r.requiredId("campaign_id"))
        name = try r.string("name")
        status = try r.string("status")
        summaryStatus = try r.string("summary_status")
        budgetType = try r.string("budget_type")
        budgetInMicroCurrency = try r.int64("budget_in_micro_currency")
        bidInMicroCurrency = try r.int64("bid_in_micro_currency")
        billableEvent = try r.string("billable_event")
        bidStrategyType = try r.string("bid_strategy_type")
        optimizationGoalMetadata = r.jsonText("optimization_goal_metadata")
        targetingSpec = r.jsonText("targeting_spec")
        startTime = try r.int64("start_time")
        endTime = try r.int64("end_time")
        lifetimeFrequencyCap = try r.int64("lifetime_frequency_cap")
        pacingDeliveryType = try r.string("pacing_delivery_type")
        placementGroup = try r.string("placement_group")
        autoTargetingEnabled = try r.bool("auto_targeting_enabled")
        isCreativeOptimization = try r.bool("is_creative_optimization")
        promotionId = try r.optionalId("promotion_id")
        promotionApplicationLevel = try r.string("promotion_application_level")
        bidMultiplier = try r.double("bid_multiplier")
        conversionLearningModeType = try r.string("conversion_learning_mode_type")
        feedProfileId = try r.string("feed_profile_id")
        trackingUrls = r.jsonText("tracking_urls")
        createdTime = try r.int64("created_time")
        updatedTime = try r.int64("updated_time")
    }
}
