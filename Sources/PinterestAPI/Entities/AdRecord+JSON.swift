import PinterestModel

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
