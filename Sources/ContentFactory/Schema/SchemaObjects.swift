/// The triggers, functions and indexes the migrations create, read from their SQL, so that `doctor`
/// checks exactly what the migrations make (a new migration's objects are checked without a list
/// to keep in step).
package struct SchemaObjects: Sendable, Hashable {
    /// One object a migration creates, as `doctor` looks for it in the catalog.
    package struct Object: Sendable, Hashable {
        /// Which catalog the object lives in.
        package enum Kind: String, Sendable, Hashable { case trigger, function, index }
        /// Trigger, function or index.
        package var kind: Kind
        /// The name as written in the migration's `CREATE` statement.
        package var name: String
        /// The table of a trigger or an index.
        package var table: String?

        /// - Parameter table: the table of a trigger or an index; nil for a function.
        package init(kind: Kind, name: String, table: String?) {
            self.kind = kind
            self.name = name
            self.table = table
        }
    }

    /// Every object found, each once, in the order the migrations create them.
    package var objects: [Object]

    /// Everything `migrations` create.
    package init(migrations: [Migration] = SchemaMigrations.all) {
        var found: [Object] = []
        for migration in migrations {
            let sql = migration.sql
            // Creates and drops in the order the SQL runs them: a later migration may drop an index
            // (version 10 replaces the two slug indexes with one).
            var events: [(at: String.Index, object: Object, dropped: Bool)] = []
            for match in sql.matches(of: /CREATE\s+TRIGGER\s+(\w+)[^;]*?\sON\s+(\w+)/) {
                events.append((match.range.lowerBound, Object(kind: .trigger, name: String(match.1), table: String(match.2)), false))
            }
            for match in sql.matches(of: /CREATE\s+OR\s+REPLACE\s+FUNCTION\s+(\w+)\s*\(/) {
                events.append((match.range.lowerBound, Object(kind: .function, name: String(match.1), table: nil), false))
            }
            for match in sql.matches(of: /CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\s+ON\s+(\w+)/) {
                events.append((match.range.lowerBound, Object(kind: .index, name: String(match.1), table: String(match.2)), false))
            }
            for match in sql.matches(of: /DROP\s+INDEX\s+IF\s+EXISTS\s+(\w+)/) {
                events.append((match.range.lowerBound, Object(kind: .index, name: String(match.1), table: nil), true))
            }
            for event in events.sorted(by: { $0.at < $1.at }) {
                if event.dropped {
                    found.removeAll { $0.kind == .index && $0.name == event.object.name }
                } else {
                    found.append(event.object)
                }
            }
        }
        var seen = Set<Object>()
        objects = found.filter { seen.insert($0).inserted }
    }
}
