import CLibPQ

/// Sole owner of a `PGresult`: `PQclear` runs exactly once, when the owner goes out of scope.
/// Non-copyable so the pointer cannot be duplicated, and never stored: the data is copied into
/// `PostgresRows` before the owner dies.
struct OwnedResult: ~Copyable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        PQclear(pointer)
    }

    var status: ExecStatusType { PQresultStatus(pointer) }
}
