// Generators for the idempotent SQL that plain DDL cannot express: PostgreSQL has
// `ADD COLUMN IF NOT EXISTS` but no `ADD CONSTRAINT IF NOT EXISTS` and no "set this default
// only where there is none". Each function returns one `DO` block built from constant
// identifiers written in this module (never from input), so interpolation is safe here.
//
// These fragments are part of released migrations: changing one changes the SQL of every
// migration that uses it, which only fresh databases would see. Add a new function instead.

extension SchemaMigrations {
    /// What a foreign key does when the referenced row is deleted.
    enum DeleteAction: String {
        case cascade = "CASCADE"
        case setNull = "SET NULL"
    }

    /// Adds `table.column REFERENCES target(id) ON DELETE action` unless the column already has
    /// a single-column foreign key (under any name: Directus names its own `…_foreign`).
    ///
    /// The key is added `NOT VALID` and then validated; when existing rows violate it (orphans in
    /// an old database), or an existing column has an incompatible type, the migration raises a
    /// WARNING and goes on: new rows are still checked, and old data never blocks a migration.
    static func foreignKey(
        _ table: String, _ column: String, references target: String, onDelete action: DeleteAction
    ) -> String {
        let constraint = "\(table)_\(column)_fkey"
        return """
            DO $$
            BEGIN
                IF NOT EXISTS (
                    SELECT 1
                    FROM pg_constraint c
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                    WHERE c.contype = 'f' AND c.conrelid = '\(table)'::regclass
                      AND cardinality(c.conkey) = 1 AND a.attname = '\(column)'
                ) THEN
                    BEGIN
                        ALTER TABLE \(table) ADD CONSTRAINT \(constraint) FOREIGN KEY (\(column))
                            REFERENCES \(target) (id) ON DELETE \(action.rawValue) NOT VALID;
                    EXCEPTION WHEN datatype_mismatch OR invalid_foreign_key THEN
                        RAISE WARNING 'content-factory: foreign key \(constraint) not added: %', SQLERRM;
                        RETURN;
                    END;
                    BEGIN
                        ALTER TABLE \(table) VALIDATE CONSTRAINT \(constraint);
                    EXCEPTION WHEN foreign_key_violation THEN
                        RAISE WARNING 'content-factory: existing rows violate \(constraint); kept NOT VALID (new rows are checked)';
                    END;
                END IF;
            END $$;

            """
    }

    /// Adds `CONSTRAINT name CHECK (expression)` to `table` unless a constraint of that name
    /// exists. Added `NOT VALID`, then validated; existing rows that violate it raise a WARNING
    /// and keep it `NOT VALID` (new and updated rows are still checked).
    static func checkConstraint(_ table: String, _ name: String, _ expression: String) -> String {
        """
        DO $$
        BEGIN
            IF NOT EXISTS (
                SELECT 1 FROM pg_constraint WHERE conrelid = '\(table)'::regclass AND conname = '\(name)'
            ) THEN
                ALTER TABLE \(table) ADD CONSTRAINT \(name) CHECK (\(expression)) NOT VALID;
                BEGIN
                    ALTER TABLE \(table) VALIDATE CONSTRAINT \(name);
                EXCEPTION WHEN check_violation THEN
                    RAISE WARNING 'content-factory: existing rows violate \(name); kept NOT VALID (new rows are checked)';
                END;
            END IF;
        END $$;

        """
    }

    /// Sets `DEFAULT expression` on `table.column` only when the column exists without a
    /// default (Directus, for one, generates ids in the application, not in the database).
    /// An existing default is an operator's choice and is kept. With `type`, only a column of
    /// that type is touched (an integer `id` must not get `gen_random_uuid()`).
    static func defaultIfMissing(
        _ table: String, _ column: String, _ expression: String, type: String? = nil
    ) -> String {
        let typeCondition = type.map { " AND atttypid = '\($0)'::regtype" } ?? ""
        return """
            DO $$
            BEGIN
                IF EXISTS (
                    SELECT 1 FROM pg_attribute
                    WHERE attrelid = '\(table)'::regclass AND attname = '\(column)'
                      AND NOT attisdropped AND NOT atthasdef\(typeCondition)
                ) THEN
                    ALTER TABLE \(table) ALTER COLUMN \(quoted(column)) SET DEFAULT \(expression);
                END IF;
            END $$;

            """
    }

    /// The uuid primary key default every Spark table gets, also on tables that already exist.
    static func uuidPrimaryKeyDefault(_ table: String) -> String {
        defaultIfMissing(table, "id", "gen_random_uuid()", type: "uuid")
    }

    /// `name` as a quoted SQL identifier: `user` and `timestamp` are column names here.
    private static func quoted(_ name: String) -> String {
        "\"\(name)\""
    }
}
