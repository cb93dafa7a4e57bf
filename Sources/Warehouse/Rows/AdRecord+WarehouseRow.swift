import PinterestModel

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
