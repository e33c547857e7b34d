/// A result column: its name and PostgreSQL type OID.
public struct PostgresColumn: Sendable, Hashable {
    /// The column name (`?column?` for unnamed expressions).
    public let name: String
    /// The PostgreSQL type OID, e.g. 23 for `int4`, 25 for `text`, 1184 for `timestamptz`.
    public let typeOID: UInt32
}
