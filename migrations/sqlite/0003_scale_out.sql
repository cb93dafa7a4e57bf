-- Which machine ran each run (status shows it), and a quick way to ask whether another run
-- already loaded an account. The shared token table is PostgreSQL's only: a SQLite warehouse
-- has one machine, and its tokens stay in the token file.

ALTER TABLE etl_runs ADD COLUMN host TEXT;

CREATE INDEX etl_runs_by_account_finished ON etl_runs (job, ad_account_id, finished_at);
