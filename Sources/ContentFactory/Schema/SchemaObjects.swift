/// The triggers, functions and indexes the migrations create, read from their SQL, so that `doctor`
/// checks exactly what the migrations make (a new migration's objects are checked without a list
/// to keep in step).
public struct SchemaObjects: Sendable, Hashable {
    /// One object a migration creates, as `doctor` looks for it in the catalog.
    public struct Object: Sendable, Hashable {
        /// Which catalog the object lives in.
        public enum Kind: String, Sendable, Hashable { case trigger, function, index }
        /// Trigger, function or index.
        public var kind: Kind
        /// The name as written in the migration's `CREATE` statement.
        public var name: String
        /// The table of a trigger or an index.
        public var table: String?

        /// - Parameter table: the table of a trigger or an index; nil for a function.
        public init(kind: Kind, name: String, table: String?) {
            self.kind = kind
            self.name = name
            self.table = table
        }
    }

    /// Every object found, each once, in the order the migrations create them.
    public var objects: [Object]

    /// Everything `migrations` create.
    public init(migrations: [Migration] = SchemaMigrations.all) {
        var found: [Object] = []
        for migration in migrations {
            let sql = migration.sql
            for match in sql.matches(of: /CREATE\s+TRIGGER\s+(\w+)[^;]*?\sON\s+(\w+)/) {
                found.append(Object(kind: .trigger, name: String(match.1), table: String(match.2)))
            }
            for match in sql.matches(of: /CREATE\s+OR\s+REPLACE\s+FUNCTION\s+(\w+)\s*\(/) {
                found.append(Object(kind: .function, name: String(match.1), table: nil))
            }
            for match in sql.matches(of: /CREATE\s+(?:UNIQUE\s+)?INDEX\s+IF\s+NOT\s+EXISTS\s+(\w+)\s+ON\s+(\w+)/) {
                found.append(Object(kind: .index, name: String(match.1), table: String(match.2)))
            }
        }
        var seen = Set<Object>()
        objects = found.filter { seen.insert($0).inserted }
    }
}
