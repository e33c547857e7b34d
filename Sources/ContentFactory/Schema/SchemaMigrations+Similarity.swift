// Version 6: the site-wide near-duplicate index (one fingerprint per guarded article).

extension SchemaMigrations {
    static let similarityAdditions = """
        -- One row per article written with the near-duplicate guard on. Shared by every daemon of
        -- the database, so each article is compared with every earlier guarded article of its site.
        CREATE TABLE IF NOT EXISTS article_fingerprints (
            -- What article_fingerprint_bands rows point at (taken from the sequence before the COPY).
            id bigint PRIMARY KEY,
            -- Filled from (job_id, job_seq) by the trigger below: COPY cannot know the id the
            -- article row got a moment earlier in the same transaction.
            article_id uuid NOT NULL UNIQUE REFERENCES generated_articles (id) ON DELETE CASCADE,
            site_id uuid NOT NULL,
            job_id uuid NOT NULL,
            job_seq integer NOT NULL,
            -- 128 one-byte MinHash values: the estimate candidates are screened with.
            sketch bytea NOT NULL,
            -- The article's own place and persona names, one a line: what its shingles masked, so
            -- a candidate's exact shingles can be recomputed from its content.
            mask_terms text NOT NULL,
            -- The fragment and offer-block ids the article was built from, to name shared ones.
            fragments uuid[] NOT NULL,
            -- The highest Jaccard with an earlier article of the site when it was written, and that
            -- article (NULL when no earlier article was a candidate).
            nearest float8 NOT NULL,
            nearest_job_id uuid,
            nearest_job_seq integer,
            -- Alternates drawn before this one passed (0: the first rendering).
            redrawn smallint NOT NULL DEFAULT 0
        );
        -- The job's report and its completion aggregate; a backstop against a batch written twice.
        CREATE UNIQUE INDEX IF NOT EXISTS article_fingerprints_job_id_job_seq_key
            ON article_fingerprints (job_id, job_seq);
        CREATE SEQUENCE IF NOT EXISTS article_fingerprints_id_seq;
        -- The LSH index: one row per band key of each fingerprint (one-permutation MinHash, 110
        -- bands of 8 rows, 32-bit keys). A batch probes it once with every key of its articles
        -- (one btree descent per key; a GIN index on an int4[] column was 10x slower to probe).
        -- No foreign key (its cascade would need a second index on every insert): rows of a
        -- deleted fingerprint are skipped by the join and cost only space.
        CREATE TABLE IF NOT EXISTS article_fingerprint_bands (
            band int4 NOT NULL,
            fingerprint_id bigint NOT NULL
        );
        CREATE INDEX IF NOT EXISTS article_fingerprint_bands_band_idx
            ON article_fingerprint_bands (band);

        CREATE OR REPLACE FUNCTION content_factory_fingerprint_article()
            RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
            IF NEW.article_id IS NULL THEN
                SELECT a.id INTO NEW.article_id FROM generated_articles a
                 WHERE a.job_id = NEW.job_id AND a.job_seq = NEW.job_seq;
            END IF;
            RETURN NEW;
        END
        $$;
        DROP TRIGGER IF EXISTS article_fingerprints_article ON article_fingerprints;
        CREATE TRIGGER article_fingerprints_article
            BEFORE INSERT ON article_fingerprints
            FOR EACH ROW EXECUTE FUNCTION content_factory_fingerprint_article();

        """
}
