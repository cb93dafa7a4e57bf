import PinterestModel

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
