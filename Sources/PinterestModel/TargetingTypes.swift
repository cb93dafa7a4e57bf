/// Pinterest's breakdown types, as the async reports and the targeting resources know them.
public enum TargetingTypes {
    /// The `targeting_types` an async report takes (the `TargetingTypeFilter` enum).
    public static let reportable: Set<String> = [
        "KEYWORD", "APPTYPE", "GENDER", "LOCATION", "PLACEMENT", "COUNTRY", "TARGETED_INTEREST", "PINNER_INTEREST",
        "AUDIENCE_INCLUDE", "GEO", "AGE_BUCKET", "REGION", "MEDIA_TYPE", "AGE_BUCKET_AND_GENDER", "AUDIENCE_MULTIPLIER",
        "CREATIVE_ENHANCEMENTS", "LOCAL_ADS_STORE_CODE",
    ]
    /// Types that need a level other than `PIN_PROMOTION_TARGETING`.
    public static let notForAds: Set<String> = ["AUDIENCE_MULTIPLIER", "MEDIA_TYPE"]
    /// Types whose code names `GET /resources/targeting/{type}` serves.
    public static let named: Set<String> = [
        "APPTYPE", "GENDER", "LOCALE", "AGE_BUCKET", "LOCATION", "GEO", "INTEREST", "KEYWORD", "AUDIENCE_INCLUDE", "AUDIENCE_EXCLUDE",
    ]
    /// The default breakdowns: device, age, gender, country, region.
    public static let defaultBreakdowns = ["APPTYPE", "AGE_BUCKET", "GENDER", "COUNTRY", "REGION"]
    /// At most this many types per report.
    public static let maxPerReport = 5
}
