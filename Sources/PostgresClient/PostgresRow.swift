/// One row of a `PostgresRows` result; decode its columns by index or by name.
///
/// Cheap to copy: it shares the result's storage.
public struct PostgresRow: Sendable {
    let rows: PostgresRows
    /// The row's 0-based position in its result.
    public let index: Int

    /// The result's columns.
    public var columns: [PostgresColumn] { rows.columns }

    /// The raw text of column `column` (0-based), or `nil` for NULL.
    ///
    /// - Throws: `PostgresError` with code `.decodeFailed` when the index is out of range.
    public func text(at column: Int) throws -> String? {
        try checkIndex(column)
        return rows.text(row: index, column: column)
    }

    /// Whether column `column` (0-based) is NULL.
    ///
    /// - Throws: `PostgresError` with code `.decodeFailed` when the index is out of range.
    public func isNull(at column: Int) throws -> Bool {
        try checkIndex(column)
        return rows.lengths[index * rows.columns.count + column] < 0
    }

    /// Decodes column `column` (0-based) as `type`. Use an `Optional` type for nullable columns.
    ///
    /// - Throws: `PostgresError` with code `.decodeFailed` naming the column, the row and the text,
    ///   when the index is out of range, the value is NULL and `type` is not optional, or the text
    ///   does not parse as `type`.
    public func decode<Value: PostgresDecodable>(_ type: Value.Type = Value.self, at column: Int) throws -> Value {
        try checkIndex(column)
        let info = rows.columns[column]
        guard let text = rows.text(row: index, column: column) else {
            if let null = Value.postgresNull { return null }
            throw failure(column: column, reason: "is NULL; decode as \(Value.self)? to accept NULL", text: nil)
        }
        do {
            return try Value(postgresText: text, typeOID: info.typeOID)
        } catch let error as PostgresError {
            throw failure(column: column, reason: "cannot be decoded as \(Value.self): \(error.message)", text: text)
        } catch {
            throw failure(column: column, reason: "cannot be decoded as \(Value.self): \(error)", text: text)
        }
    }

    /// Decodes the column called `name` (the first one, if several share it) as `type`.
    ///
    /// - Throws: `PostgresError` with code `.decodeFailed` when there is no such column, or as
    ///   `decode(_:at:)`.
    public func decode<Value: PostgresDecodable>(_ type: Value.Type = Value.self, column name: String) throws -> Value {
        guard let column = rows.columnIndex(named: name) else {
            let known = rows.columns.map(\.name).joined(separator: ", ")
            throw PostgresError(code: .decodeFailed, message: "no column named \"\(name)\" (columns: \(known))", column: name, rowIndex: index)
        }
        return try decode(type, at: column)
    }

    /// Decodes a `json`/`jsonb` (or text) column as a `Decodable` type.
    ///
    /// - Throws: `PostgresError` with code `.decodeFailed` naming the column when the value is NULL
    ///   or the JSON does not decode as `type`.
    public func decodeJSON<Value: Decodable>(_ type: Value.Type = Value.self, column name: String) throws -> Value {
        let json = try decode(PostgresJSON.self, column: name)
        do {
            return try json.decode(type)
        } catch {
            let column = rows.columnIndex(named: name) ?? 0
            throw failure(column: column, reason: "JSON cannot be decoded as \(Value.self): \(error)", text: json.rawText)
        }
    }

    private func checkIndex(_ column: Int) throws {
        guard column >= 0 && column < rows.columns.count else {
            throw PostgresError(code: .decodeFailed, message: "column index \(column) out of range: the result has \(rows.columns.count) columns", rowIndex: index)
        }
    }

    private func failure(column: Int, reason: String, text: String?) -> PostgresError {
        let name = rows.columns[column].name
        let shown = text.map { $0.count > 200 ? String($0.prefix(200)) + "…" : $0 }
        return PostgresError(
            code: .decodeFailed,
            message: "column \"\(name)\" (index \(column)) of row \(index) \(reason)",
            column: name, rowIndex: index, value: shown
        )
    }
}
