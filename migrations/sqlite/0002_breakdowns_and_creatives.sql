-- Breakdowns, creatives, the names of targeting codes, and the settings each run asked for.

-- One row per ad per day per targeting type and value (the PIN_PROMOTION_TARGETING report).
-- A value's text is kept exactly as Pinterest sends it; a numeric value as its decimal text.
CREATE TABLE pinterest_data_targeting (
    date                    TEXT    NOT NULL,
    ad_account_id           TEXT    NOT NULL,
    campaign_id             TEXT    NOT NULL,
    ad_group_id             TEXT    NOT NULL,
    pin_promotion_id        TEXT    NOT NULL,
    targeting_type          TEXT    NOT NULL,
    targeting_value         TEXT    NOT NULL,
    spend_micro             INTEGER NOT NULL DEFAULT 0,
    impressions             INTEGER NOT NULL DEFAULT 0,
    earned_impressions      INTEGER NOT NULL DEFAULT 0,
    clicks                  INTEGER NOT NULL DEFAULT 0,
    earned_clicks           INTEGER NOT NULL DEFAULT 0,
    outbound_clicks         INTEGER NOT NULL DEFAULT 0,
    earned_outbound_clicks  INTEGER NOT NULL DEFAULT 0,
    engagements             INTEGER NOT NULL DEFAULT 0,
    earned_engagements      INTEGER NOT NULL DEFAULT 0,
    saves                   INTEGER NOT NULL DEFAULT 0,
    earned_saves            INTEGER NOT NULL DEFAULT 0,
    video_views             INTEGER NOT NULL DEFAULT 0,
    video_mrc_views         INTEGER NOT NULL DEFAULT 0,
    video_starts            INTEGER NOT NULL DEFAULT 0,
    video_p25               INTEGER NOT NULL DEFAULT 0,
    video_p50               INTEGER NOT NULL DEFAULT 0,
    video_p75               INTEGER NOT NULL DEFAULT 0,
    video_p95               INTEGER NOT NULL DEFAULT 0,
    video_completes         INTEGER NOT NULL DEFAULT 0,
    video_avg_watch_seconds REAL    NOT NULL DEFAULT 0,
    conversions             INTEGER NOT NULL DEFAULT 0,
    checkouts               INTEGER NOT NULL DEFAULT 0,
    checkout_value_micro    INTEGER NOT NULL DEFAULT 0,
    page_visits             INTEGER NOT NULL DEFAULT 0,
    add_to_carts            INTEGER NOT NULL DEFAULT 0,
    leads                   INTEGER NOT NULL DEFAULT 0,
    signups                 INTEGER NOT NULL DEFAULT 0,
    web_sessions            INTEGER NOT NULL DEFAULT 0,
    run_id                  TEXT    NOT NULL,
    loaded_at               TEXT    NOT NULL,
    spend                   REAL GENERATED ALWAYS AS (spend_micro / 1000000.0) VIRTUAL,
    checkout_value          REAL GENERATED ALWAYS AS (checkout_value_micro / 1000000.0) VIRTUAL,
    -- Account and date first, as in pinterest_data_delivery: a window replace is a range scan.
    PRIMARY KEY (ad_account_id, date, pin_promotion_id, targeting_type, targeting_value),
    CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
) STRICT, WITHOUT ROWID;

CREATE TABLE pinterest_meta_targeting (
    targeting_type  TEXT NOT NULL,
    code            TEXT NOT NULL,
    name            TEXT NOT NULL,
    refreshed_at    TEXT NOT NULL,
    PRIMARY KEY (targeting_type, code)
) STRICT;

CREATE TABLE pinterest_meta_pin (
    id              TEXT NOT NULL,
    ad_account_id   TEXT NOT NULL,
    title           TEXT,
    description     TEXT,
    link            TEXT,
    alt_text        TEXT,
    creative_type   TEXT,
    media_type      TEXT,
    image_url       TEXT,
    video_url       TEXT,
    board_id        TEXT,
    dominant_color  TEXT,
    created_at      TEXT,
    refreshed_at    TEXT NOT NULL,
    PRIMARY KEY (ad_account_id, id)
) STRICT;

-- JSON text: the report level, attribution windows, conversion_report_time and breakdowns a
-- run asked Pinterest for.
ALTER TABLE etl_runs ADD COLUMN settings TEXT;

-- Breakdown rows joined to the names, with the ratios of pinterest_delivery_report.
CREATE VIEW pinterest_targeting_report AS
SELECT
    t.date,
    t.ad_account_id,
    a.name          AS ad_account_name,
    a.currency      AS currency,
    t.campaign_id,
    c.name          AS campaign_name,
    t.ad_group_id,
    g.name          AS ad_group_name,
    t.pin_promotion_id,
    p.name          AS pin_promotion_name,
    t.targeting_type,
    t.targeting_value,
    COALESCE(n.name, t.targeting_value) AS targeting_name,
    t.spend_micro,
    t.spend,
    t.impressions, t.earned_impressions,
    t.clicks, t.earned_clicks,
    t.outbound_clicks, t.earned_outbound_clicks,
    t.engagements, t.earned_engagements,
    t.saves, t.earned_saves,
    t.video_views, t.video_mrc_views, t.video_starts,
    t.video_p25, t.video_p50, t.video_p75, t.video_p95, t.video_completes,
    t.video_avg_watch_seconds,
    t.conversions, t.checkouts, t.checkout_value_micro, t.checkout_value,
    t.page_visits, t.add_to_carts, t.leads, t.signups, t.web_sessions,
    CAST(t.clicks AS REAL) / NULLIF(t.impressions, 0)                AS ctr,
    CAST(t.outbound_clicks AS REAL) / NULLIF(t.impressions, 0)       AS outbound_ctr,
    t.spend_micro / 1000000.0 / NULLIF(t.clicks, 0)                  AS cpc,
    t.spend_micro / 1000.0 / NULLIF(t.impressions, 0)                AS cpm,
    t.spend_micro / 1000000.0 / NULLIF(t.video_views, 0)             AS cpv,
    CAST(t.video_completes AS REAL) / NULLIF(t.impressions, 0)       AS vtr,
    CAST(t.video_completes AS REAL) / NULLIF(t.video_starts, 0)      AS vcr,
    CAST(t.saves AS REAL) / NULLIF(t.impressions, 0)                 AS save_rate,
    CAST(t.engagements AS REAL) / NULLIF(t.impressions, 0)           AS engagement_rate,
    CAST(t.checkout_value_micro AS REAL) / NULLIF(t.spend_micro, 0)  AS roas,
    t.run_id,
    t.loaded_at
FROM pinterest_data_targeting AS t
LEFT JOIN pinterest_meta_adaccount    AS a ON a.id = t.ad_account_id
LEFT JOIN pinterest_meta_campaign     AS c ON c.ad_account_id = t.ad_account_id AND c.id = t.campaign_id
LEFT JOIN pinterest_meta_adgroup      AS g ON g.ad_account_id = t.ad_account_id AND g.id = t.ad_group_id
LEFT JOIN pinterest_meta_pinpromotion AS p ON p.ad_account_id = t.ad_account_id AND p.id = t.pin_promotion_id
LEFT JOIN pinterest_meta_targeting    AS n ON n.targeting_type = t.targeting_type AND n.code = t.targeting_value;
