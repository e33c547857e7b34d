// Version 11: the LSH band keys move into the fingerprint row. Version 6 kept them as 110 rows of
// article_fingerprint_bands per fingerprint with a btree on the key: 1.1 GB for 140,000 fingerprints,
// a pre-fetched id per fingerprint and a second COPY per batch. Here each fingerprint holds its keys
// in `bands` (int4[], a GIN index), written in the same INSERT as the rest of the row.
//
// One-time normalisation (see Migration): the band table's rows are moved into `bands`, then the
// table, the `id` column it referenced and the sequence that filled it are dropped.

extension SchemaMigrations {
    static let fingerprintBands = """
        -- The fingerprint's band keys, each XORed with its site's salt (BandKeys.siteKeys): equal raw
        -- keys of two sites differ, so a probe's GIN matches are its own site's rows (the query still
        -- filters site_id; the salt only keeps other sites' near-duplicates out of the bitmap).
        ALTER TABLE article_fingerprints ADD COLUMN IF NOT EXISTS bands int4[] NOT NULL DEFAULT '{}';
        -- Dropped by name first so `doctor` (SchemaObjects) no longer expects it; the move below scans the table.
        DROP INDEX IF EXISTS article_fingerprint_bands_band_idx;
        DO $$
        BEGIN
            -- Without the id column the band table is one a rerun of version 6 created again, empty.
            IF to_regclass('article_fingerprint_bands') IS NOT NULL AND EXISTS (
                SELECT 1 FROM pg_attribute
                 WHERE attrelid = to_regclass('article_fingerprints') AND attname = 'id' AND NOT attisdropped) THEN
                -- A site's salt: the XOR of its id's four big-endian 32-bit words (BandKeys.siteSalt).
                WITH salts AS (
                    SELECT site_id, ('x' || substr(h, 1, 8))::bit(32)::int4 # ('x' || substr(h, 9, 8))::bit(32)::int4
                                  # ('x' || substr(h, 17, 8))::bit(32)::int4 # ('x' || substr(h, 25, 8))::bit(32)::int4 AS salt
                      FROM (SELECT DISTINCT site_id, replace(site_id::text, '-', '') AS h FROM article_fingerprints) s
                ), moved AS (
                    SELECT b.fingerprint_id, array_agg(b.band # salts.salt ORDER BY b.band) AS bands
                      FROM article_fingerprint_bands b
                      JOIN article_fingerprints g ON g.id = b.fingerprint_id
                      JOIN salts ON salts.site_id = g.site_id
                     GROUP BY b.fingerprint_id
                )
                UPDATE article_fingerprints f SET bands = moved.bands FROM moved WHERE f.id = moved.fingerprint_id;
            END IF;
            DROP TABLE IF EXISTS article_fingerprint_bands;
        END
        $$;
        ALTER TABLE article_fingerprints DROP COLUMN IF EXISTS id;
        DROP SEQUENCE IF EXISTS article_fingerprints_id_seq;
        -- The candidate probe: `site_id = $1 AND bands && $2`. No pending list (fastupdate off): every
        -- probe would scan it whole, and inserts land in the entry tree at the cost a btree insert had.
        CREATE INDEX IF NOT EXISTS article_fingerprints_bands_idx ON article_fingerprints
            USING gin (bands) WITH (fastupdate = off);

        """
}
