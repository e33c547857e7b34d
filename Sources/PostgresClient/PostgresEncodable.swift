import Foundation

/// A Swift value that can be sent as a statement parameter (or COPY field) in PostgreSQL text format.
///
/// Conformers produce the text PostgreSQL's input function for the target type accepts, or `nil` for
/// SQL NULL. The type OID is a hint to the server for untyped contexts (`SELECT $1`); `0` lets the
/// server infer the type from the statement, which is what plain text wants (it can then go into
/// `text`, `varchar`, enums, `json`, ...).
public protocol PostgresEncodable: Sendable {
    /// The PostgreSQL type OID to declare for the parameter, or `0` to let the server infer it.
    static var postgresTypeOID: UInt32 { get }

    /// The value in PostgreSQL text format, or `nil` for NULL.
    ///
    /// - Throws: `PostgresError` with code `.encodeFailed` when the value cannot be represented.
    func postgresText() throws -> String?
}

extension PostgresEncodable {
    /// Unspecified: the server infers the type from context.
    public static var postgresTypeOID: UInt32 { 0 }
}

extension PostgresEncodable where Self: FixedWidthInteger {
    /// Decimal digits.
    public func postgresText() throws -> String? { String(self) }
}

extension String: PostgresEncodable {
    /// The string itself. PostgreSQL text cannot hold NUL, so a string containing one is rejected
    /// rather than silently cut short at the NUL.
    public func postgresText() throws -> String? {
        // memchr over the contiguous UTF-8 (a native string's), not a loop over the view's bytes.
        let hasNUL = utf8.withContiguousStorageIfAvailable { $0.isEmpty ? false : memchr($0.baseAddress!, 0, $0.count) != nil } ?? utf8.contains(0)
        if hasNUL {
            throw PostgresError(code: .encodeFailed, message: "text parameter contains a NUL byte, which PostgreSQL text cannot store")
        }
        return self
    }
}

extension Substring: PostgresEncodable {
    /// The substring's text; see `String.postgresText()`.
    public func postgresText() throws -> String? { try String(self).postgresText() }
}

extension Int: PostgresEncodable {
    /// `int8`.
    public static var postgresTypeOID: UInt32 { 20 }
}

extension Int64: PostgresEncodable {
    /// `int8`.
    public static var postgresTypeOID: UInt32 { 20 }
}

extension Int32: PostgresEncodable {
    /// `int4`.
    public static var postgresTypeOID: UInt32 { 23 }
}

extension Int16: PostgresEncodable {
    /// `int2`.
    public static var postgresTypeOID: UInt32 { 21 }
}

extension Bool: PostgresEncodable {
    /// `bool`.
    public static var postgresTypeOID: UInt32 { 16 }
    /// `t` or `f`.
    public func postgresText() throws -> String? { self ? "t" : "f" }
}

extension Double: PostgresEncodable {
    /// `float8`.
    public static var postgresTypeOID: UInt32 { 701 }
    /// Shortest round-tripping decimal; `NaN`, `Infinity`, `-Infinity` in PostgreSQL's spelling.
    public func postgresText() throws -> String? {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return String(self)
    }
}

extension UUID: PostgresEncodable {
    /// `uuid`.
    public static var postgresTypeOID: UInt32 { 2950 }
    /// The canonical lowercase form.
    public func postgresText() throws -> String? { uuidString.lowercased() }
}

extension Date: PostgresEncodable {
    /// `timestamptz`.
    public static var postgresTypeOID: UInt32 { 1184 }
    /// ISO 8601 in UTC with microseconds (PostgreSQL's precision), e.g. `2024-05-01 12:00:00.123456+00`.
    public func postgresText() throws -> String? { PostgresTimestamp.format(self) }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    /// The wrapped type's OID.
    public static var postgresTypeOID: UInt32 { Wrapped.postgresTypeOID }
    /// `nil` (NULL) for `.none`, else the wrapped value's text.
    public func postgresText() throws -> String? {
        switch self {
        case .none: return nil
        case .some(let wrapped): return try wrapped.postgresText()
        }
    }
}
