/// The one `INSERT INTO work_log` every statement builds on, so the column list is written once. The
/// arguments are SQL expressions (columns of the statement's CTE, `$n` parameters, literals), never values.
enum WorkLogInsert {
    /// `INSERT INTO work_log (…) SELECT …`: one row per row of the `FROM` the caller appends, stamped `now()`
    /// with no `user`.
    static func select(siteID: String, action: String, entityType: String, entityID: String, details: String,
                       level: String, status: String) -> String {
        """
        INSERT INTO work_log (site_id, action, entity_type, entity_id, details, level, status, "timestamp", "user")
          SELECT \(siteID), \(action), \(entityType), \(entityID), \(details), \(level), \(status), now(), NULL
        """
    }

    /// The rows of `parameter`, a JSON array as `WorkLogEntry.json` makes, each element named `e`;
    /// `details` may extend `e->'details'`.
    static func entries(_ parameter: String, details: String = "e->'details'") -> String {
        select(siteID: "(e->>'site_id')::uuid", action: "e->>'action'", entityType: "e->>'entity_type'",
               entityID: "e->>'entity_id'", details: details, level: "e->>'level'", status: "e->>'status'")
            + "\n  FROM jsonb_array_elements(\(parameter)::jsonb) AS e"
    }

    /// One row per job of the CTE the caller appends as `FROM` (its `site_id` and `id` columns), with a
    /// fixed `action` (`job.claimed`, …).
    static func job(_ action: String, details: String, level: String, status: String) -> String {
        select(siteID: "site_id", action: action, entityType: "'generation_jobs'", entityID: "id::text",
               details: details, level: level, status: status)
    }
}
