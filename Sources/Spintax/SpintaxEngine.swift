/// The spintax template engine. Pure: no I/O, no database.
public enum SpintaxEngine {
    /// Engine version; part of the determinism contract (D1, Docs/Templates.md#determinism).
    public static let version = "1"
}
