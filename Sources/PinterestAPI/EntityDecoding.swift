import PinterestModel

/// Reads one entity object of a list response, with errors naming the field and the entity id.
struct EntityReader {
    let object: JSONValue
    let what: String
    let account: String?
    var id: String?

    init(_ value: JSONValue, what: String, account: String?) throws {
        self.what = what
        self.account = account
        guard case .object = value else {
            throw PinterestAPIError.badResponse(what: what, field: "(item)", entityId: nil, account: account,
                                                problem: "expected an object, found \(value.typeName)")
        }
        self.object = value
    }

    private func bad(_ field: String, _ problem: String) -> PinterestAPIError {
        .badResponse(what: what, field: field, entityId: id, account: account, problem: problem)
    }

    /// An id: a string of digits, or a JSON number read from its exact text (never via Double).
    func requiredId(_ field: String) throws -> String {
        guard let value = try optionalId(field) else { throw bad(field, "missing") }
        return value
    }

    func optionalId(_ field: String) throws -> String? {
        switch object[field] {
        case nil, .null?: return nil
        case .string(let text)?:
            guard !text.isEmpty else { return nil }
            return text
        case .number(let text)?:
            guard text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                throw bad(field, "expected an id, found the number \(text)")
            }
            return text
        case let other?: throw bad(field, "expected an id, found \(other.typeName)")
        }
    }

    /// Enum-typed and free text fields: any string is kept as is.
    func string(_ field: String) throws -> String? {
        switch object[field] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case .number(let text)?: return text
        case let other?: throw bad(field, "expected a string, found \(other.typeName)")
        }
    }

    /// Integers (times, micro amounts), exact; digit strings are accepted too.
    func int64(_ field: String) throws -> Int64? {
        switch object[field] {
        case nil, .null?: return nil
        case .number(let text)?, .string(let text)?:
            guard let value = ExactNumber.int64(text) else { throw bad(field, "expected an integer, found \(text)") }
            return value
        case let other?: throw bad(field, "expected an integer, found \(other.typeName)")
        }
    }

    func double(_ field: String) throws -> Double? {
        switch object[field] {
        case nil, .null?: return nil
        case .number(let text)?, .string(let text)?:
            guard let value = Double(text), value.isFinite else { throw bad(field, "expected a number, found \(text)") }
            return value
        case let other?: throw bad(field, "expected a number, found \(other.typeName)")
        }
    }

    func bool(_ field: String) throws -> Bool? {
        switch object[field] {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case let other?: throw bad(field, "expected a boolean, found \(other.typeName)")
        }
    }

    /// A nested object or array, as compact JSON text.
    func jsonText(_ field: String) -> String? {
        switch object[field] {
        case nil, .null?: return nil
        case let value?: return value.jsonText
        }
    }

    func nested(_ field: String) throws -> EntityReader? {
        switch object[field] {
        case nil, .null?: return nil
        case let value?:
            var reader = try EntityReader(value, what: what, account: account)
            reader.id = id
            return reader
        }
    }
}

extension AdAccountRecord {
    init(json: JSONValue) throws {
        var r = try EntityReader(json, what: "ad account", account: nil)
        let id = try r.requiredId("id")
        r.id = id
        self.init(id: id)
        name = try r.string("name")
        currency = try r.string("currency")
        country = try r.string("country")
        if let owner = try r.nested("owner") {
            ownerUsername = try owner.string("username")
            ownerId = try owner.optionalId("id")
        }
        createdTime = try r.int64("created_time")
        updatedTime = try r.int64("updated_time")
    }
}

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

extension AdRecord {
    init(json: JSONValue, account: String) throws {
        var r = try EntityReader(json, what: "ad", account: account)
        let id = try r.requiredId("id")
        r.id = id
        self.init(id: id, adAccountId: try r.requiredId("ad_account_id"),
                  campaignId: try r.requiredId("campaign_id"), adGroupId: try r.requiredId("ad_group_id"))
        pinId = try r.optionalId("pin_id")
        name = try r.string("name")
        status = try r.string("status")
        summaryStatus = try r.string("summary_status")
        reviewStatus = try r.string("review_status")
        creativeType = try r.string("creative_type")
        destinationUrl = try r.string("destination_url")
        clickTrackingUrl = try r.string("click_tracking_url")
        viewTrackingUrl = try r.string("view_tracking_url")
        androidDeepLink = try r.string("android_deep_link")
        iosDeepLink = try r.string("ios_deep_link")
        customizableCtaType = try r.string("customizable_cta_type")
        disclosureType = try r.string("disclosure_type")
        disclosureUrl = try r.string("disclosure_url")
        gridClickType = try r.string("grid_click_type")
        isPinDeleted = try r.bool("is_pin_deleted")
        isRemovable = try r.bool("is_removable")
        leadFormId = try r.string("lead_form_id")
        collectionItemsDestinationUrlTemplate = try r.string("collection_items_destination_url_template")
        rejectedReasons = r.jsonText("rejected_reasons")
        trackingUrls = r.jsonText("tracking_urls")
        createdTime = try r.int64("created_time")
        updatedTime = try r.int64("updated_time")
    }
}
