-- Breakdowns, creatives, the names of targeting codes, and the settings each run asked for.

-- One row per ad per day per targeting type and value (the PIN_PROMOTION_TARGETING report).
-- A value's text is kept exactly as Pinterest sends it; a numeric value as its decimal text.
CREATE TABLE pinterest_data_targeting (
    date                    date    NOT NULL,
    ad_account_id           text    NOT NULL,
    campaign_id             text    NOT NULL,
    ad_group_id             text    NOT NULL,
    pin_promotion_id        text    NOT NULL,
    targeting_type          text    NOT NULL,
    targeting_value         text    NOT NULL,
    spend_micro             bigint  NOT NULL DEFAULT 0,
    impressions             bigint  NOT NULL DEFAULT 0,
    earned_impressions      bigint  NOT NULL DEFAULT 0,
    clicks                  bigint  NOT NULL DEFAULT 0,
    earned_clicks           bigint  NOT NULL DEFAULT 0,
    outbound_clicks         bigint  NOT NULL DEFAULT 0,
    earned_outbound_clicks  bigint  NOT NULL DEFAULT 0,
    engagements             bigint  NOT NULL DEFAULT 0,
    earned_engagements      bigint  NOT NULL DEFAULT 0,
    saves                   bigint  NOT NULL DEFAULT 0,
    earned_saves            bigint  NOT NULL DEFAULT 0,
    video_views             bigint  NOT NULL DEFAULT 0,
    video_mrc_views         bigint  NOT NULL DEFAULT 0,
    video_starts            bigint  NOT NULL DEFAULT 0,
    video_p25               bigint  NOT NULL DEFAULT 0,
    video_p50               bigint  NOT NULL DEFAULT 0,
    video_p75               bigint  NOT NULL DEFAULT 0,
    video_p95               bigint  NOT NULL DEFAULT 0,
    video_completes         bigint  NOT NULL DEFAULT 0,
    video_avg_watch_seconds double precision    NOT NULL DEFAULT 0,
    conversions             bigint  NOT NULL DEFAULT 0,
    checkouts               bigint  NOT NULL DEFAULT 0,
    checkout_value_micro    bigint  NOT NULL DEFAULT 0,
    page_visits             bigint  NOT NULL DEFAULT 0,
    add_to_carts            bigint  NOT NULL DEFAULT 0,
    leads                   bigint  NOT NULL DEFAULT 0,
    signups                 bigint  NOT NULL DEFAULT 0,
    web_sessions            bigint  NOT NULL DEFAULT 0,
    run_id                  text    NOT NULL,
    loaded_at               timestamptz NOT NULL,
    spend                   numeric(26,6) GENERATED ALWAYS AS (spend_micro::numeric / 1000000) STORED,
    checkout_value          numeric(26,6) GENERATED ALWAYS AS (checkout_value_micro::numeric / 1000000) STORED,
    -- Account and date first, as in pinterest_data_delivery: a window replace is a range scan.
    PRIMARY KEY (ad_account_id, date, pin_promotion_id, targeting_type, targeting_value)
);

CREATE TABLE pinterest_meta_targeting (
    targeting_type  text NOT NULL,
    code            text NOT NULL,
    name            text NOT NULL,
    refreshed_at    timestamptz NOT NULL,
    PRIMARY KEY (targeting_type, code)
);

CREATE TABLE pinterest_meta_pin (
    id              text NOT NULL,
    ad_account_id   text NOT NULL,
    title           text,
    description     text,
    link            text,
    alt_text        text,
    creative_type   text,
    media_type      text,
    image_url       text,
    video_url       text,
    board_id        text,
    dominant_color  text,
    created_at      timestamptz,
    refreshed_at    timestamptz NOT NULL,
    PRIMARY KEY (ad_account_id, id)
);

-- JSON text: the report level, attribution windows, conversion_report_time and breakdowns a
-- run asked Pinterest for.
ALTER TABLE etl_runs ADD COLUMN settings text;

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
    t.clicks::numeric / NULLIF(t.impressions, 0)                AS ctr,
    t.outbound_clicks::numeric / NULLIF(t.impressions, 0)       AS outbound_ctr,
    t.spend_micro::numeric / 1000000 / NULLIF(t.clicks, 0)                  AS cpc,
    t.spend_micro::numeric / 1000 / NULLIF(t.impressions, 0)                AS cpm,
    t.spend_micro::numeric / 1000000 / NULLIF(t.video_views, 0)             AS cpv,
    t.video_completes::numeric / NULLIF(t.impressions, 0)       AS vtr,
    t.video_completes::numeric / NULLIF(t.video_starts, 0)      AS vcr,
    t.saves::numeric / NULLIF(t.impressions, 0)                 AS save_rate,
    t.engagements::numeric / NULLIF(t.impressions, 0)           AS engagement_rate,
    t.checkout_value_micro::numeric / NULLIF(t.spend_micro, 0)  AS roas,
    t.run_id,
    t.loaded_at
FROM pinterest_data_targeting AS t
LEFT JOIN pinterest_meta_adaccount    AS a ON a.id = t.ad_account_id
LEFT JOIN pinterest_meta_campaign     AS c ON c.ad_account_id = t.ad_account_id AND c.id = t.campaign_id
LEFT JOIN pinterest_meta_adgroup      AS g ON g.ad_account_id = t.ad_account_id AND g.id = t.ad_group_id
LEFT JOIN pinterest_meta_pinpromotion AS p ON p.ad_account_id = t.ad_account_id AND p.id = t.pin_promotion_id
LEFT JOIN pinterest_meta_targeting    AS n ON n.targeting_type = t.targeting_type AND n.code = t.targeting_value;
