/// The near-duplicate guard's SQL; every value a parameter.
enum SimilarityQueries {
    /// `$1` the lock key: serialises check-and-commit per site across every daemon until the
    /// transaction ends (a transaction-level lock, so it is safe behind PgBouncer's transaction pooling).
    static let lockSite = "SELECT pg_advisory_xact_lock($1::int8)"

    /// Fingerprints of the site `$1` having any of the band keys `$2` (int4[]): one row per
    /// (band, fingerprint), with the fingerprint's sketch.
    static let candidates = """
        SELECT b.band, f.job_id, f.job_seq, f.sketch::text, f.fragments::text
          FROM article_fingerprint_bands b
          JOIN article_fingerprints f ON f.id = b.fingerprint_id
         WHERE b.band = ANY($2::int4[]) AND f.site_id = $1
        """

    /// `$1` ids for the batch's fingerprints.
    static let fingerprintIDs = "SELECT nextval('article_fingerprints_id_seq') FROM generate_series(1, $1::int)"

    static let copyBands = "COPY article_fingerprint_bands (band, fingerprint_id) FROM STDIN"

    /// Content and mask terms of fingerprinted articles (`$1` job ids, `$2` job_seqs), for exact checks.
    static let verify = """
        SELECT f.job_id, f.job_seq, a.content, f.mask_terms
          FROM unnest($1::uuid[], $2::int4[]) AS u(job_id, job_seq)
          JOIN article_fingerprints f ON f.job_id = u.job_id AND f.job_seq = u.job_seq
          JOIN generated_articles a ON a.id = f.article_id
        """

    static let copyFingerprints = """
        COPY article_fingerprints (id, site_id, job_id, job_seq, sketch, mask_terms, fragments, nearest,
                                   nearest_job_id, nearest_job_seq, redrawn) FROM STDIN
        """

    /// The job's aggregate at completion. `$1` job, `$2` threshold.
    static let jobAggregate = """
        SELECT coalesce(max(nearest), 0)::float8, coalesce(avg(nearest), 0)::float8,
               coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY nearest), 0)::float8,
               coalesce(sum(redrawn), 0)::int8, count(*) FILTER (WHERE nearest > $2::float8)
          FROM article_fingerprints WHERE job_id = $1
        """

    /// Title of an article by job and position (for `E_SIMILAR`).
    static let articleTitle = "SELECT title FROM generated_articles WHERE job_id = $1 AND job_seq = $2"

    /// `similarity --job`: the nearest values of the job, ascending.
    static let jobNearest = "SELECT nearest::float8 FROM article_fingerprints WHERE job_id = $1 ORDER BY nearest"

    /// `similarity --job`: the `$2` closest pairs, both articles' ids, titles, contents and positions.
    static let closestPairs = """
        SELECT f.nearest::float8, a.id, a.job_seq, a.title, a.content, b.id, b.job_id, b.job_seq, b.title, b.content,
               concat_ws('|', a.schema_json#>>'{about,address,addressLocality}', a.schema_json#>>'{about,address,addressRegion}',
                         a.schema_json#>>'{audience,audienceType}'),
               concat_ws('|', b.schema_json#>>'{about,address,addressLocality}', b.schema_json#>>'{about,address,addressRegion}',
                         b.schema_json#>>'{audience,audienceType}')
          FROM article_fingerprints f
          JOIN generated_articles a ON a.id = f.article_id
          JOIN generated_articles b ON b.job_id = f.nearest_job_id AND b.job_seq = f.nearest_job_seq
         WHERE f.job_id = $1
         ORDER BY f.nearest DESC, f.job_seq
         LIMIT $2
        """
}
