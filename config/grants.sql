-- Least privilege for content-factory. Run as the owner of the tables (the role that runs
-- `content-factory migrate`) after migrating, with psql:
--   psql -v worker=content_factory -v operator=content_factory_operator -f config/grants.sql
-- The roles must exist (CREATE ROLE content_factory LOGIN PASSWORD '…'). Re-running is harmless.
-- scripts/check-grants runs a job, status, tail, doctor and the operator commands with exactly these.

-- The daemon (`run`), and `status`, `tail`, `doctor` (which only read).
GRANT USAGE ON SCHEMA public TO :"worker";
-- Migrations are the owner's job; the daemon only checks the schema version.
GRANT SELECT ON content_factory_migrations TO :"worker";
-- The claim returns the content version, which the prepared-campaign cache checks.
GRANT SELECT ON content_factory_content_version TO :"worker";
-- What a job reads: the site, the campaign, its fragments, patterns and offers, the personas and places.
GRANT SELECT ON sites, campaign_masters, content_fragments, cartesian_patterns, offer_blocks,
    avatar_intelligence, avatar_variants, geo_intelligence, locations_states, locations_counties,
    locations_cities, link_targets TO :"worker";
-- The queue: claim, heartbeat, progress, final transitions (never INSERT or DELETE).
GRANT SELECT, UPDATE ON generation_jobs TO :"worker";
GRANT SELECT, INSERT ON work_log TO :"worker";
GRANT USAGE ON SEQUENCE work_log_id_seq TO :"worker";
-- One row per daemon, renewed by its heartbeat, pruned after a day.
GRANT SELECT, INSERT, UPDATE, DELETE ON content_factory_workers TO :"worker";
-- The output (slug collisions are looked up; headlines are claimed when a job draws from the inventory).
GRANT SELECT, INSERT ON generated_articles TO :"worker";
GRANT SELECT, INSERT, UPDATE ON headline_inventory TO :"worker";
-- The near-duplicate index: read by every guarded batch, appended to by its commit.
GRANT SELECT, INSERT ON article_fingerprints TO :"worker";
-- A frozen worker must not hold a job row: see "Database settings for the worker's role".
ALTER ROLE :"worker" SET idle_in_transaction_session_timeout = '60s';
ALTER ROLE :"worker" SET statement_timeout = '5min';

-- People and tools that enqueue, cancel, retry and prune (and read what the worker reads).
GRANT :"worker" TO :"operator";
GRANT INSERT, UPDATE ON generation_jobs TO :"operator";
GRANT DELETE ON work_log TO :"operator";
