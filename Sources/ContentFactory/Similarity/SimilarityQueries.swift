/// The near-duplicate guard's SQL; every value a parameter.
enum SimilarityQueries {
    /// `$1` the lock key: serialises check-and-commit per site across every daemon until the
    /// transaction ends (a transaction-level lock, so it is safe behind PgBouncer's transaction pooling).
    static let lockSite = "SELECT pg_advisory_xact_lock($1::int8)"

    /// Fingerprints of the site `$1` sharing a band key with any article of a batch, `$2` the articles'
    /// (salted) keys, one `int4[]` literal each (text[]): each fingerprint once, with its sketch, its
    /// fragments and the 1-based indexes of the articles it shares a key with.
    ///
    /// One GIN probe per article (a nested loop): a single probe with the whole batch's 11,000 keys
    /// spends time quadratic in the key count setting up the GIN scan (0.5 s on 20,000 rows), and a
    /// constant array that long makes the planner expect most rows and scan the table. The site
    /// filter stays outside the probe (`OFFSET 0` keeps it there): inside, a stale estimate of a
    /// growing site's rows (a new site has none when last analysed) made the planner scan the site's
    /// rows for every article, each `&&` comparing 110 × 110 keys: 30 s a batch at 5,000 rows.
    static let candidates = """
        SELECT f.job_id, f.job_seq, f.sketch::text, f.fragments::text, array_agg(q.n)::text
          FROM unnest($2::text[]) WITH ORDINALITY AS q(keys, n)
         CROSS JOIN LATERAL (SELECT g.site_id, g.job_id, g.job_seq, g.sketch, g.fragments FROM article_fingerprints g
                              WHERE g.bands && q.keys::int4[] OFFSET 0) f
         WHERE f.site_id = $1
         GROUP BY f.job_id, f.job_seq, f.sketch, f.fragments
        """

    /// Content and mask terms of fingerprinted articles (`$1` job ids, `$2` job_seqs), for exact checks.
    static let verify = """
        SELECT f.job_id, f.job_seq, a.content, f.mask_terms
          FROM unnest($1::uuid[], $2::int4[]) AS u(job_id, job_seq)
          JOIN article_fingerprints f ON f.job_id = u.job_id AND f.job_seq = u.job_seq
          JOIN generated_articles a ON a.id = f.article_id
        """

    /// A batch's fingerprints, after its articles (whose ids the trigger looks up): `$1` site, `$2` a
    /// JSON array of `{job_id, job_seq, sketch, mask_terms, fragments, bands, nearest, nearest_job_id,
    /// nearest_job_seq, redrawn}` (arrays and bytea in their text forms).
    static let insertFingerprints = """
        INSERT INTO article_fingerprints (site_id, job_id, job_seq, sketch, mask_terms, fragments, bands, nearest,
                                          nearest_job_id, nearest_job_seq, redrawn)
        SELECT $1::uuid, r.job_id, r.job_seq, r.sketch, r.mask_terms, r.fragments, r.bands, r.nearest,
               r.nearest_job_id, r.nearest_job_seq, r.redrawn
          FROM json_to_recordset($2::json) AS r(job_id uuid, job_seq integer, sketch bytea, mask_terms text, fragments uuid[],
                                                bands int4[], nearest float8, nearest_job_id uuid, nearest_job_seq integer,
                                                redrawn smallint)
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
