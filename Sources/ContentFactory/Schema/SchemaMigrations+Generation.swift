// Version 5: what the generator adds to generated_articles and headline_inventory
// (Docs/Jobs.md#what-a-job-writes, #columns).

extension SchemaMigrations {
    static let generationAdditions = """
        -- generated_articles ----------------------------------------------------------------

        -- job_seq is the article's 0-based index in its job. Existing articles have no job.
        ALTER TABLE generated_articles
            ADD COLUMN IF NOT EXISTS job_id uuid,
            ADD COLUMN IF NOT EXISTS job_seq integer;
        -- Deleting a job keeps its articles.
        \(foreignKey("generated_articles", "job_id", references: "generation_jobs", onDelete: .setNull))
        -- The backstop against a batch written twice; its leading job_id also serves the
        -- foreign key's ON DELETE.
        CREATE UNIQUE INDEX IF NOT EXISTS generated_articles_job_id_job_seq_key
            ON generated_articles (job_id, job_seq);
        -- Slugs are unique per site among generated rows; older rows (job_id NULL) may already
        -- collide and are left alone. A batch that loses a race here rolls back and is redone.
        CREATE UNIQUE INDEX IF NOT EXISTS generated_articles_site_id_slug_key
            ON generated_articles (site_id, slug) WHERE job_id IS NOT NULL;
        -- The generator checks new slugs against every row of the site, old ones included;
        -- this also serves the site_id foreign key's ON DELETE CASCADE.
        CREATE INDEX IF NOT EXISTS generated_articles_site_id_slug_idx
            ON generated_articles (site_id, slug);

        -- headline_inventory ----------------------------------------------------------------

        -- headline_source = "inventory" claims a campaign's unused headlines in id order.
        CREATE INDEX IF NOT EXISTS headline_inventory_unused_idx
            ON headline_inventory (campaign_id, id) WHERE is_used = false;

        """
}
