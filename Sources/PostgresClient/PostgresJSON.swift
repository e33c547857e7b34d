import Foundation

/// A `json` / `jsonb` value as raw text, for parameters and columns.
///
/// Keeps the text as the server produced it (or as the caller wrote it); use `init(encoding:)` and
/// `decode(_:)` to go through `Codable`.
public struct PostgresJSON: PostgresEncodable, PostgresDecodable, Hashable, CustomStringConvertible {
    /// The JSON text.
    public var rawText: String

    /// Wraps JSON text as-is; the server validates it.
    public init(rawText: String) {
        self.rawText = rawText
    }

    /// Encodes `value` with `encoder`.
    ///
    /// - Throws: `PostgresError` with code `.encodeFailed` when `JSONEncoder` fails.
    public init<Value: Encodable>(encoding value: Value, encoder: JSONEncoder = JSONEncoder()) throws {
        do {
            rawText = String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw PostgresError(code: .encodeFailed, message: "cannot encode \(Value.self) as JSON: \(error)")
        }
    }

    /// Decodes the JSON text as `type`.
    ///
    /// - Throws: the `DecodingError` from `JSONDecoder`.
    public func decode<Value: Decodable>(_ type: Value.Type, decoder: JSONDecoder = JSONDecoder()) throws -> Value {
        try decoder.decode(type, from: Data(rawText.utf8))
    }

    /// The raw text; the server infers `json` or `jsonb` from context.
    public func postgresText() throws -> String? { try rawText.postgresText() }

    /// Any column's text (normally `json` or `jsonb`).
    public init(postgresText text: String, typeOID: UInt32) throws {
        rawText = text
    }

    /// The JSON text.
    public var description: String { rawText }
}
