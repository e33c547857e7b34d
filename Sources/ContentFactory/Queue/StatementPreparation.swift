import Foundation

/// Whether the statements every job runs (claim, fence, slug probe, inserts, log) go as named
/// prepared statements of their session: parsed and planned once per connection instead of at every
/// job, which is most of the server's work for a one-article job. Prepared on first use and again
/// after a reconnect. Set `CF_PREPARED_STATEMENTS=off` behind PgBouncer in transaction mode older
/// than 1.21 (or without `max_prepared_statements`): statements then go unnamed.
enum StatementPreparation {
    static let enabled = ProcessInfo.processInfo.environment["CF_PREPARED_STATEMENTS"] != "off"
}
