// Version 9: a content version the daemon's prepared-campaign cache trusts. Every statement that
// changes a table a campaign's preparation reads bumps it (statement-level triggers), in the
// changing transaction, so a job claimed after that commit sees the new version in its claim
// statement and prepares again.

extension SchemaMigrations {
    /// The tables `CampaignLoader` reads.
    static let contentVersionTables = [
        "sites", "campaign_masters", "content_fragments", "cartesian_patterns", "offer_blocks",
        "avatar_intelligence", "avatar_variants", "geo_intelligence",
        "locations_states", "locations_counties", "locations_cities", "link_targets",
    ]

    static let contentVersion = """
        -- One row. A transactional counter, not a sequence: a version is only seen once the change
        -- that made it is committed, so data loaded after reading it is at least that new.
        CREATE TABLE IF NOT EXISTS content_factory_content_version (
            id boolean PRIMARY KEY DEFAULT true CHECK (id),
            version bigint NOT NULL DEFAULT 1
        );
        INSERT INTO content_factory_content_version (id, version) VALUES (true, 1) ON CONFLICT (id) DO NOTHING;

        -- SECURITY DEFINER: roles that edit content (an admin UI) need no right on the version row.
        CREATE OR REPLACE FUNCTION content_factory_bump_content_version()
        RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
        BEGIN
            UPDATE content_factory_content_version SET version = version + 1 WHERE id;
            RETURN NULL;
        END
        $$;

        \(contentVersionTables.map { table in """
            DROP TRIGGER IF EXISTS \(table)_content_version ON \(table);
            CREATE TRIGGER \(table)_content_version
                AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \(table)
                FOR EACH STATEMENT EXECUTE FUNCTION content_factory_bump_content_version();
            """ }.joined(separator: "\n"))

        """
}
