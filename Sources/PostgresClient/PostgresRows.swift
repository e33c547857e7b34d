import CLibPQ

/// The rows of one statement's result, copied out of libpq into Swift storage.
///
/// All cell text lives in one contiguous byte buffer with one offset and length per cell, so a result
/// costs three allocations however many rows it has, and no libpq pointer outlives the call that
/// produced it. A random-access collection of `PostgresRow`.
public struct PostgresRows: RandomAccessCollection, Sendable {
    /// The result's columns, in order.
    public let columns: [PostgresColumn]
    /// The command tag, e.g. `SELECT 3`, `INSERT 0 1`, `UPDATE 2`.
    public let commandTag: String
    /// Rows affected by INSERT/UPDATE/DELETE/MERGE/COPY (or returned by SELECT), from the command tag;
    /// `nil` for commands that report no count (e.g. `CREATE TABLE`).
    public let affectedRows: Int?

    let rowCount: Int
    let bytes: [UInt8]
    /// Start of each cell in `bytes`, row-major.
    let offsets: [Int]
    /// Length of each cell in bytes, or -1 for NULL.
    let lengths: [Int32]
    let columnIndexByName: [String: Int]

    init(columns: [PostgresColumn], commandTag: String, affectedRows: Int?, rowCount: Int, bytes: [UInt8], offsets: [Int], lengths: [Int32]) {
        self.columns = columns
        self.commandTag = commandTag
        self.affectedRows = affectedRows
        self.rowCount = rowCount
        self.bytes = bytes
        self.offsets = offsets
        self.lengths = lengths
        var byName: [String: Int] = [:]
        for (index, column) in columns.enumerated() where byName[column.name] == nil {
            byName[column.name] = index
        }
        columnIndexByName = byName
    }

    /// Copies everything out of a `PGresult` in text format.
    init(copying result: borrowing OwnedResult) {
        let pointer = result.pointer
        let rowCount = Int(PQntuples(pointer))
        let columnCount = Int(PQnfields(pointer))
        var columns: [PostgresColumn] = []
        columns.reserveCapacity(columnCount)
        for column in 0..<columnCount {
            let name = PQfname(pointer, Int32(column)).map { String(cString: $0) } ?? ""
            columns.append(PostgresColumn(name: name, typeOID: UInt32(PQftype(pointer, Int32(column)))))
        }
        let cellCount = rowCount * columnCount
        var lengths = [Int32](repeating: -1, count: cellCount)
        var total = 0
        for row in 0..<rowCount {
            for column in 0..<columnCount where PQgetisnull(pointer, Int32(row), Int32(column)) == 0 {
                let length = PQgetlength(pointer, Int32(row), Int32(column))
                lengths[row * columnCount + column] = length
                total += Int(length)
            }
        }
        var offsets = [Int](repeating: 0, count: cellCount)
        var bytes = [UInt8](repeating: 0, count: total)
        bytes.withUnsafeMutableBytes { buffer in
            var position = 0
            for row in 0..<rowCount {
                for column in 0..<columnCount {
                    let cell = row * columnCount + column
                    offsets[cell] = position
                    let length = Int(lengths[cell])
                    guard length > 0, let value = PQgetvalue(pointer, Int32(row), Int32(column)) else { continue }
                    buffer.baseAddress!.advanced(by: position).copyMemory(from: value, byteCount: length)
                    position += length
                }
            }
        }
        let tag = PQcmdStatus(pointer).map { String(cString: $0) } ?? ""
        let tuples = PQcmdTuples(pointer).map { String(cString: $0) } ?? ""
        self.init(columns: columns, commandTag: tag, affectedRows: Int(tuples), rowCount: rowCount, bytes: bytes, offsets: offsets, lengths: lengths)
    }

    /// Always 0.
    public var startIndex: Int { 0 }
    /// The number of rows.
    public var endIndex: Int { rowCount }

    /// The row at `position` (0-based).
    public subscript(position: Int) -> PostgresRow {
        precondition(position >= 0 && position < rowCount, "row index \(position) out of range 0..<\(rowCount)")
        return PostgresRow(rows: self, index: position)
    }

    /// The index of the first column called `name`, if any.
    public func columnIndex(named name: String) -> Int? {
        columnIndexByName[name]
    }

    /// The raw text of a cell, or `nil` for NULL.
    func text(row: Int, column: Int) -> String? {
        let cell = row * columns.count + column
        let length = Int(lengths[cell])
        if length < 0 { return nil }
        if length == 0 { return "" }
        let start = offsets[cell]
        return bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<start + length]), as: UTF8.self)
        }
    }
}
