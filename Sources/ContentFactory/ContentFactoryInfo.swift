import PostgresClient
import Spintax

/// The content-factory library: schema, queue, generation.
package enum ContentFactoryInfo {
    /// The product version printed by `--version`.
    package static let version = "0.1.0"
}
