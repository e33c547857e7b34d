/// Writes rows in `COPY ... FROM STDIN` text format into a byte buffer.
///
/// Fields are separated by tab and rows end with newline; backslash, tab, newline and carriage return
/// inside values are escaped (`\\`, `\t`, `\n`, `\r`) and NULL is `\N`, so any text round-trips.
public struct PostgresCopyRowEncoder: Sendable {
    /// The encoded bytes so far.
    public private(set) var bytes: [UInt8] = []
    private var fieldsInRow = 0

    /// An empty encoder.
    public init() {}

    /// Appends one field: escaped text, or `\N` for `nil`.
    public mutating func append(_ field: String?) {
        if fieldsInRow > 0 { bytes.append(UInt8(ascii: "\t")) }
        fieldsInRow += 1
        guard let field else {
            bytes.append(UInt8(ascii: "\\"))
            bytes.append(UInt8(ascii: "N"))
            return
        }
        var text = field
        text.withUTF8 { appendEscaped($0) }
    }

    /// Copies runs without special bytes in bulk: most text has few backslashes, tabs or line breaks.
    private mutating func appendEscaped(_ field: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for index in field.indices {
            let escape: UInt8
            switch field[index] {
            case UInt8(ascii: "\\"): escape = UInt8(ascii: "\\")
            case UInt8(ascii: "\t"): escape = UInt8(ascii: "t")
            case UInt8(ascii: "\n"): escape = UInt8(ascii: "n")
            case UInt8(ascii: "\r"): escape = UInt8(ascii: "r")
            default: continue
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: field[runStart..<index]))
            bytes.append(UInt8(ascii: "\\"))
            bytes.append(escape)
            runStart = index + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: field[runStart...]))
    }

    /// Appends one field from any encodable value (its PostgreSQL text, or `\N` for NULL).
    ///
    /// - Throws: the value's encoding error (`PostgresError` with code `.encodeFailed`).
    public mutating func encode(_ value: some PostgresEncodable) throws {
        append(try value.postgresText())
    }

    /// Ends the current row.
    public mutating func endRow() {
        bytes.append(UInt8(ascii: "\n"))
        fieldsInRow = 0
    }

    /// Appends a whole row of text fields and ends it.
    public mutating func appendRow(_ fields: [String?]) {
        for field in fields { append(field) }
        endRow()
    }

    /// Forgets the bytes written (keeping capacity), e.g. after they were sent.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        fieldsInRow = 0
    }

    mutating func reserveCapacity(_ count: Int) {
        bytes.reserveCapacity(count)
    }
}
