/// The spintax template engine. Pure: no I/O, no database.
public enum SpintaxEngine {
    /// Engine version; part of the determinism contract (spec D1).
    public static let version = "1"
}
