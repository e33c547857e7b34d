import Foundation

/// A Swift type that can be read from a result column in PostgreSQL text format.
///
/// `PostgresRow.decode(_:at:)` calls `init(postgresText:typeOID:)` for non-NULL values and uses
/// `postgresNull` for NULL; any error thrown is wrapped into a `PostgresError` (`.decodeFailed`) that
/// names the column, the row and the text.
public protocol PostgresDecodable: Sendable {
    /// Parses the text PostgreSQL's output function produced for a column of type `typeOID`.
    ///
    /// - Throws: any error when the text is not a valid value of this type.
    init(postgresText text: String, typeOID: UInt32) throws

    /// The value SQL NULL decodes to, or `nil` when NULL is an error for this type.
    static var postgresNull: Self? { get }
}

extension PostgresDecodable {
    /// NULL is an error unless the type is `Optional`.
    public static var postgresNull: Self? { nil }
}

/// Why a text value did not decode; wrapped into `PostgresError` by the row.
struct PostgresDecodingFailure: Error, CustomStringConvertible {
    var description: String
}

extension PostgresDecodable where Self: FixedWidthInteger {
    /// Decimal integer text (`int2`, `int4`, `int8`, or `numeric` without a fraction) in the type's range.
    public init(postgresText text: String, typeOID: UInt32) throws {
        guard let value = Self(text) else { throw PostgresDecodingFailure(description: "not an integer in \(Self.self)'s range") }
        self = value
    }
}

extension String: PostgresDecodable {
    /// Any column's text as-is.
    public init(postgresText text: String, typeOID: UInt32) throws { self = text }
}

extension Int: PostgresDecodable {}
extension Int64: PostgresDecodable {}
extension Int32: PostgresDecodable {}
extension Int16: PostgresDecodable {}

extension Bool: PostgresDecodable {
    /// `t`/`f` (PostgreSQL's output), also `true`/`false`.
    public init(postgresText text: String, typeOID: UInt32) throws {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw PostgresDecodingFailure(description: "not a boolean")
        }
    }
}

extension Double: PostgresDecodable {
    /// Decimal or exponent text (`float4`, `float8`, `numeric`), `NaN`, `Infinity`, `-Infinity`.
    public init(postgresText text: String, typeOID: UInt32) throws {
        switch text {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default:
            guard let value = Double(text), value.isFinite else { throw PostgresDecodingFailure(description: "not a number") }
            self = value
        }
    }
}

extension UUID: PostgresDecodable {
    /// The `uuid` output form.
    public init(postgresText text: String, typeOID: UInt32) throws {
        guard let value = UUID(uuidString: text) else { throw PostgresDecodingFailure(description: "not a UUID") }
        self = value
    }
}

extension Date: PostgresDecodable {
    /// `timestamptz` (any UTC offset), `timestamp` (taken as UTC) or `date` (midnight UTC) in ISO
    /// DateStyle, which the connection enforces; `infinity` / `-infinity` map to `distantFuture` /
    /// `distantPast`.
    public init(postgresText text: String, typeOID: UInt32) throws {
        guard let value = PostgresTimestamp.parse(text) else {
            throw PostgresDecodingFailure(description: "not an ISO timestamp")
        }
        self = value
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    /// The wrapped type's decoding.
    public init(postgresText text: String, typeOID: UInt32) throws {
        self = .some(try Wrapped(postgresText: text, typeOID: typeOID))
    }

    /// NULL decodes to `nil`.
    public static var postgresNull: Self? { .some(.none) }
}
