import PinterestModel

extension CampaignRecord {
    init(json: JSONValue, account: String) throws {
        var r = try EntityReader(json, what: "campaign", account: account)
        let id = try r.requiredId("id")
        r.id = id
        self.init(id: id, adAccountId: try r.requiredId("ad_account_id"))
        name = try r.string("name")
        status = try r.string("status")
        summaryStatus = try r.string("summary_status")
        objectiveType = try r.string("objective_type")
        dailySpendCapMicro = try r.int64("daily_spend_cap")
        lifetimeSpendCapMicro = try r.int64("lifetime_spend_cap")
        orderLineId = try r.optionalId("order_line_id")
        startTime = try r.int64("start_time")
        endTime = try r.int64("end_time")
        isFlexibleDailyBudgets = try r.bool("is_flexible_daily_budgets")
        isAutomatedCampaign = try r.bool("is_automated_campaign")
        isCampaignBudgetOptimization = try r.bool("is_campaign_budget_optimization")
        isPerformancePlus = try r.bool("is_performance_plus")
        trackingUrls = r.jsonText("tracking_urls")
        bidOptions = r.jsonText("bid_options")
        createdTime = try r.int64("created_time")
        updatedTime = try r.int64("updated_time")
    }
}
