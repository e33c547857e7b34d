/// The SQL generation reads and writes, in one place. Parameters only; list filters travel as JSON
/// arrays (`$n::jsonb`) so no SQL is ever built from data.
enum GenerationQueries {
    static let campaign = """
        SELECT id, site_id, coalesce(name, ''), headline_spintax_root, coalesce(target_word_count, 1500), location_mode
        FROM campaign_masters WHERE id = $1
        """

    static let site = "SELECT id, coalesce(name, ''), url FROM sites WHERE id = $1"

    static let fragments = """
        SELECT id, coalesce(fragment_type, ''), coalesce(fragment_text, '')
        FROM content_fragments
        WHERE campaign_id = $1 AND coalesce(status, 'active') IN ('active', 'published')
        ORDER BY fragment_type, id
        """

    /// $1: true for every published row; $2: JSON array of ids otherwise.
    static let patterns = """
        SELECT id, coalesce(name, ''), coalesce(pattern_logic, '')
        FROM cartesian_patterns
        WHERE ($1 AND coalesce(status, 'published') = 'published')
           OR id IN (SELECT x::uuid FROM jsonb_array_elements_text($2::jsonb) x)
        ORDER BY name, id
        """

    static let offerBlocks = """
        SELECT id, coalesce(name, ''), coalesce(html_content, '')
        FROM offer_blocks
        WHERE ($1 AND coalesce(status, 'published') = 'published')
           OR id IN (SELECT x::uuid FROM jsonb_array_elements_text($2::jsonb) x)
        ORDER BY name, id
        """

    static let avatars = """
        SELECT id, base_name, wealth_cluster, pain_points::text, demographics::text
        FROM avatar_intelligence
        WHERE ($1 AND coalesce(status, 'published') = 'published')
           OR id IN (SELECT x::uuid FROM jsonb_array_elements_text($2::jsonb) x)
        ORDER BY base_name, id
        """

    static let variants = """
        SELECT id, name, prompt_modifier
        FROM avatar_variants
        WHERE ($1 AND coalesce(status, 'published') = 'published')
           OR id IN (SELECT x::uuid FROM jsonb_array_elements_text($2::jsonb) x)
        ORDER BY name, id
        """

    // Geo: every source returns (id, city, county, state name, state code, population). Filters:
    // $1 states (JSON array of codes or names, [] = all), $2 ids (JSON array, [] = all),
    // $3 min population, $4 max population (NULL = unbounded), $5 limit (NULL = none).
    private static let stateFilter = """
        (jsonb_array_length($1::jsonb) = 0
         OR upper(s.code) IN (SELECT upper(x) FROM jsonb_array_elements_text($1::jsonb) x)
         OR lower(s.name) IN (SELECT lower(x) FROM jsonb_array_elements_text($1::jsonb) x))
        """

    static let geoCities = """
        SELECT c.id, c.name, co.name, s.name, s.code, c.population
        FROM locations_cities c
        LEFT JOIN locations_states s ON s.id = c.state
        LEFT JOIN locations_counties co ON co.id = c.county
        WHERE \(stateFilter)
          AND (jsonb_array_length($2::jsonb) = 0 OR c.id IN (SELECT x::uuid FROM jsonb_array_elements_text($2::jsonb) x))
          AND ($3::bigint IS NULL OR c.population >= $3::bigint)
          AND ($4::bigint IS NULL OR c.population <= $4::bigint)
        ORDER BY c.population DESC NULLS LAST, c.name, c.id
        LIMIT $5::bigint
        """

    static let geoCounties = """
        SELECT co.id, NULL::text, co.name, s.name, s.code, co.population
        FROM locations_counties co
        LEFT JOIN locations_states s ON s.id = co.state
        WHERE \(stateFilter)
          AND (jsonb_array_length($2::jsonb) = 0 OR co.id IN (SELECT x::uuid FROM jsonb_array_elements_text($2::jsonb) x))
          AND ($3::bigint IS NULL OR co.population >= $3::bigint)
          AND ($4::bigint IS NULL OR co.population <= $4::bigint)
        ORDER BY co.population DESC NULLS LAST, co.name, co.id
        LIMIT $5::bigint
        """

    static let geoStates = """
        SELECT s.id, NULL::text, NULL::text, s.name, s.code, p.population
        FROM locations_states s
        LEFT JOIN LATERAL (SELECT sum(co.population)::bigint AS population FROM locations_counties co WHERE co.state = s.id) p ON true
        WHERE \(stateFilter)
          AND (jsonb_array_length($2::jsonb) = 0 OR s.id IN (SELECT x::uuid FROM jsonb_array_elements_text($2::jsonb) x))
          AND ($3::bigint IS NULL OR p.population >= $3::bigint)
          AND ($4::bigint IS NULL OR p.population <= $4::bigint)
        ORDER BY p.population DESC NULLS LAST, s.name, s.id
        LIMIT $5::bigint
        """

    /// `geo_intelligence.state` may hold a name or a code; the state table supplies the other.
    static let geoIntelligence = """
        SELECT g.id, g.city, NULL::text, coalesce(s.name, g.state), s.code, g.population::bigint
        FROM geo_intelligence g
        LEFT JOIN LATERAL (
            SELECT name, code FROM locations_states st
            WHERE lower(st.name) = lower(g.state) OR upper(st.code) = upper(g.state)
            ORDER BY st.id LIMIT 1) s ON true
        WHERE coalesce(g.status, 'published') = 'published'
          AND (jsonb_array_length($1::jsonb) = 0
               OR upper(coalesce(s.code, g.state)) IN (SELECT upper(x) FROM jsonb_array_elements_text($1::jsonb) x)
               OR lower(coalesce(s.name, g.state)) IN (SELECT lower(x) FROM jsonb_array_elements_text($1::jsonb) x))
          AND (jsonb_array_length($2::jsonb) = 0 OR g.id IN (SELECT x::uuid FROM jsonb_array_elements_text($2::jsonb) x))
          AND ($3::bigint IS NULL OR g.population >= $3::bigint)
          AND ($4::bigint IS NULL OR g.population <= $4::bigint)
        ORDER BY g.population DESC NULLS LAST, g.city, g.id
        LIMIT $5::bigint
        """

    /// The site's active link targets, every row (a bad URL is reported by the pre-flight, not skipped).
    static let linkTargets = """
        SELECT id, coalesce(target_url, ''), anchor_text, coalesce(keyword_focus, '')
        FROM link_targets
        WHERE site_id = $1 AND coalesce(status, 'active') IN ('active', 'published')
        ORDER BY id
        """

    /// Slug and title of job $1's articles with the job_seq values in $2 (JSON array), for related links.
    static let relatedArticles = """
        SELECT job_seq, slug, coalesce(title, '') FROM generated_articles
        WHERE job_id = $1 AND job_seq IN (SELECT x::int FROM jsonb_array_elements_text($2::jsonb) x)
        """

    /// Which of the slugs in $2 (JSON array) the site already has. Exact matches only, one index
    /// probe per slug (the LATERAL keeps both columns in the index condition even when the table's
    /// statistics are stale), so the `(site_id, slug)` index answers it however many articles the
    /// site holds.
    static let takenSlugs = """
        SELECT x FROM json_array_elements_text($2::json) AS x,
        LATERAL (SELECT 1 FROM generated_articles g WHERE g.site_id = $1::uuid AND g.slug = x LIMIT 1) AS hit
        """

    static let copyArticles = """
        COPY generated_articles (site_id, campaign_id, title, content, slug, schema_json, status, is_published,
                                 job_id, job_seq, date_created, date_updated) FROM STDIN
        """

    /// A small batch's articles in one statement. `$1` site, `$2` campaign, `$3` status, `$4`
    /// is_published, `$5` the timestamp (text, as COPY takes it), `$6` a JSON array of
    /// {title, content, slug, schema_json (text), job_id, job_seq} (the job per article: several
    /// small jobs may commit together).
    static let insertArticles = """
        INSERT INTO generated_articles (site_id, campaign_id, title, content, slug, schema_json, status, is_published,
                                        job_id, job_seq, date_created, date_updated)
        SELECT $1::uuid, $2::uuid, a.title, a.content, a.slug, a.schema_json::jsonb, $3, $4::boolean,
               a.job_id, a.job_seq, $5::timestamp, $5::timestamp
        FROM json_to_recordset($6::json) AS a(title text, content text, slug text, schema_json text, job_id uuid, job_seq integer)
        """

    /// A small batch's spintax titles, used. `$1` campaign, `$2` a JSON array of titles.
    static let insertHeadlines = """
        INSERT INTO headline_inventory (campaign_id, headline_text, is_used, status)
        SELECT $1::uuid, h, true, 'used' FROM json_array_elements_text($2::json) AS h
        """

    /// Serialises headline jobs of campaign $1 (text) until the transaction ends, so two of them
    /// cannot both find a headline missing and insert it twice. Key space: 'head' + the campaign.
    static let lockHeadlineInventory = "SELECT pg_advisory_xact_lock(1751474532, hashtext($1::text))"

    /// Adds the headlines of $2 (JSON array) that campaign $1's inventory does not hold yet, each once,
    /// unused and active; returns how many it added.
    static let insertNewHeadlines = """
        WITH added AS (
            INSERT INTO headline_inventory (campaign_id, headline_text, is_used, status)
            SELECT $1, h.text, false, 'active'
            FROM (SELECT DISTINCT x AS text FROM jsonb_array_elements_text($2::jsonb) x) h
            WHERE NOT EXISTS (SELECT 1 FROM headline_inventory e WHERE e.campaign_id = $1 AND e.headline_text = h.text)
            RETURNING 1)
        SELECT count(*) FROM added
        """

    /// Claims $2 unused headlines of campaign $1 for this transaction and marks them used.
    static let unusedHeadlines = "SELECT count(*) FROM headline_inventory WHERE campaign_id = $1 AND is_used = false"

    static let claimHeadlines = """
        WITH picked AS (
            SELECT id FROM headline_inventory
            WHERE campaign_id = $1 AND is_used = false
            ORDER BY id
            LIMIT $2
            FOR UPDATE SKIP LOCKED)
        UPDATE headline_inventory h SET is_used = true, status = 'used'
        FROM picked WHERE h.id = picked.id
        RETURNING h.id, h.headline_text
        """
}

extension GenerationQueries {
    /// `JobRecord.columns` is a constant column list, not data.
    static let job = """
        SELECT \(JobRecord.columns) FROM generation_jobs WHERE id = $1
        """

    /// The unfenced progress update of `content-factory generate` (the queue uses a fenced one).
    static let foregroundProgress = """
        UPDATE generation_jobs
           SET current_offset = $2, progress = $3, updated_at = now(),
               started_at = coalesce(started_at, now()), status = CASE WHEN $2 >= target_quantity THEN 'completed' ELSE status END,
               finished_at = CASE WHEN $2 >= target_quantity THEN now() ELSE finished_at END
         WHERE id = $1
        """
}
