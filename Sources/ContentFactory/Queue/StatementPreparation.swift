import Foundation
import Synchronization

/// Whether the statements every job runs (claim, fence, slug probe, inserts, log) go as named
/// prepared statements of their session: parsed and planned once per connection instead of at every
/// job, which is most of the server's work for a one-article job. Prepared on first use and again
/// after a reconnect.
///
/// Off behind a transaction-pooling proxy that does not keep prepared statements (PgBouncer before
/// 1.21, or without `max_prepared_statements`): `run` turns it off when its LISTEN check finds such a
/// proxy, before any job runs; `CF_PREPARED_STATEMENTS=off` turns it off by hand. Statements then go
/// unnamed (parsed and planned each time).
package enum StatementPreparation {
    private static let disabled = Atomic<Bool>(ProcessInfo.processInfo.environment["CF_PREPARED_STATEMENTS"] == "off")

    /// Whether per-job statements are prepared.
    package static var enabled: Bool { !disabled.load(ordering: .relaxed) }

    /// Statements go unnamed from now on (a transaction-pooling proxy was detected).
    package static func disable() {
        disabled.store(true, ordering: .relaxed)
    }
}
