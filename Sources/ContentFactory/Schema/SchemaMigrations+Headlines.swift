// Version 8: what headline jobs need from headline_inventory.

extension SchemaMigrations {
    static let headlineAdditions = """
        -- A headline job inserts only headlines its campaign does not hold yet; this answers that
        -- lookup however large the inventory grows. Not unique: article jobs have always recorded
        -- the titles they used, and two jobs of one campaign may have used the same title.
        CREATE INDEX IF NOT EXISTS headline_inventory_campaign_id_headline_text_idx
            ON headline_inventory (campaign_id, headline_text);

        """
}
