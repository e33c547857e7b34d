// Version 10: one (site_id, slug) index on generated_articles instead of two. Version 5 made a unique
// index over generated rows (job_id NOT NULL) and a plain one over every row (for the slug probe,
// which must also see older rows, and for the site's ON DELETE CASCADE); every article paid for both.
// One unique index over (site_id, slug, <older row's own id, or the zero uuid for generated rows>)
// does both jobs: generated rows share the third value, so their slugs are unique per site; an
// older row's third value is its own id, so older rows may collide as before; and the leading
// (site_id, slug) serves the probe and the cascade.

extension SchemaMigrations {
    static let singleSlugIndex = """
        DROP INDEX IF EXISTS generated_articles_site_id_slug_idx;
        DO $$
        BEGIN
            -- The catalog, not pg_indexes: its pg_get_indexdef() would read other schemas' indexes,
            -- which may be dropped meanwhile. The new index has three key columns, the old two.
            IF NOT EXISTS (
                SELECT 1 FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid
                WHERE c.relname = 'generated_articles_site_id_slug_key'
                  AND c.relnamespace = current_schema()::regnamespace AND i.indnatts = 3) THEN
                DROP INDEX IF EXISTS generated_articles_site_id_slug_key;
                CREATE UNIQUE INDEX generated_articles_site_id_slug_key ON generated_articles
                    (site_id, slug, (CASE WHEN job_id IS NULL THEN id ELSE '00000000-0000-0000-0000-000000000000'::uuid END));
            END IF;
        END
        $$;

        """
}
