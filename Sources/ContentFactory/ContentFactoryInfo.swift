import PostgresClient
import Spintax

/// The content-factory library: schema, queue, generation.
public enum ContentFactoryInfo {
    /// The product version printed by `--version`.
    public static let version = "0.1.0"
}
