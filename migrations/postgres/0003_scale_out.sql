-- Several workers on one warehouse: which machine ran each run, a quick way to ask whether
-- another run already loaded an account, and the OAuth tokens the workers share.

ALTER TABLE etl_runs ADD COLUMN host text;

-- "Did another run of this job complete this account since I started?" (one index range).
CREATE INDEX etl_runs_by_account_finished ON etl_runs (job, ad_account_id, finished_at);

-- The current tokens of each Pinterest app (token_store = "warehouse"). Pinterest rotates the
-- refresh token on every use, so workers refresh under this row's lock (SELECT ... FOR UPDATE)
-- and commit the rotated token before anyone uses it. Secrets: only the owning role may read.
CREATE TABLE etl_oauth_tokens (
    client_id                text        PRIMARY KEY,
    access_token             text,
    access_token_expires_at  bigint,      -- Unix seconds
    refresh_token            text,        -- NULL until the first refresh or `auth exchange`
    refresh_token_expires_at bigint,      -- Unix seconds
    updated_at               timestamptz NOT NULL DEFAULT now(),
    updated_by               text         -- host and process id of the last writer
);
-- Tables grant PUBLIC nothing by default; revoked explicitly in case default privileges do.
REVOKE ALL ON etl_oauth_tokens FROM PUBLIC;
