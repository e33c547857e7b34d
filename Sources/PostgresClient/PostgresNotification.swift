/// A NOTIFY received on a LISTENing connection.
public struct PostgresNotification: Sendable, Hashable {
    /// The channel it was sent on.
    public let channel: String
    /// The payload (`""` when none was given).
    public let payload: String
    /// The server process ID of the sender.
    public let senderPID: Int32
}
