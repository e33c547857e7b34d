// Version 3: the seed's system, location and analytics tables (Docs/Architecture.md#schema-and-migrations), with the
// same conventions as version 2 (see SchemaMigrations+ContentTables.swift).
//
// The seed lists these loosely: VARCHAR without a length is varchar(255), URL-like columns
// varchar(500) like the seed's other URLs (page_path is text: analytics paths carry query
// strings of any length), DECIMAL is numeric(12,2) (money), and it states foreign keys without
// ON DELETE actions; each choice is commented where it is made.

extension SchemaMigrations {
    static let sparkSystemTables = systemTables + locationTables + analyticsTables

    private static let systemTables = """
        -- System tables -------------------------------------------------------------------

        -- work_log keeps the seed's serial id: tail and prune page by it. site_id and "user"
        -- have no foreign keys on purpose: a log outlives what it mentions, and the daemon
        -- writes here on every batch.
        CREATE TABLE IF NOT EXISTS work_log (id serial PRIMARY KEY);
        ALTER TABLE work_log
            ADD COLUMN IF NOT EXISTS site_id uuid,
            ADD COLUMN IF NOT EXISTS action varchar(255),
            ADD COLUMN IF NOT EXISTS entity_type varchar(255),
            ADD COLUMN IF NOT EXISTS entity_id varchar(255),
            ADD COLUMN IF NOT EXISTS details jsonb,
            ADD COLUMN IF NOT EXISTS level varchar(255),
            ADD COLUMN IF NOT EXISTS status varchar(255),
            -- The seed gives no default; now() lets an operator's INSERT omit it.
            ADD COLUMN IF NOT EXISTS "timestamp" timestamp DEFAULT now(),
            ADD COLUMN IF NOT EXISTS "user" uuid;
        CREATE TABLE IF NOT EXISTS forms (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE forms
            ADD COLUMN IF NOT EXISTS site_id uuid,
            ADD COLUMN IF NOT EXISTS name varchar(255),
            ADD COLUMN IF NOT EXISTS fields jsonb,
            ADD COLUMN IF NOT EXISTS submit_action varchar(255),
            ADD COLUMN IF NOT EXISTS success_message text,
            ADD COLUMN IF NOT EXISTS redirect_url varchar(500);
        \(uuidPrimaryKeyDefault("forms"))
        -- The seed's diagram puts forms under sites; a site's forms go with it.
        \(foreignKey("forms", "site_id", references: "sites", onDelete: .cascade))
        CREATE TABLE IF NOT EXISTS form_submissions (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE form_submissions
            ADD COLUMN IF NOT EXISTS form uuid,
            ADD COLUMN IF NOT EXISTS data jsonb,
            ADD COLUMN IF NOT EXISTS date_created timestamp;
        \(uuidPrimaryKeyDefault("form_submissions"))
        -- A submission is a child of its form.
        \(foreignKey("form_submissions", "form", references: "forms", onDelete: .cascade))

        """

    private static let locationTables = """
        -- Location tables -----------------------------------------------------------------

        -- Reference data: deleting a state or county must not delete the places under it,
        -- so their references become NULL.
        CREATE TABLE IF NOT EXISTS locations_states (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE locations_states
            ADD COLUMN IF NOT EXISTS name varchar(255),
            ADD COLUMN IF NOT EXISTS code varchar(2);
        \(uuidPrimaryKeyDefault("locations_states"))
        CREATE TABLE IF NOT EXISTS locations_counties (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE locations_counties
            ADD COLUMN IF NOT EXISTS name varchar(255),
            ADD COLUMN IF NOT EXISTS state uuid,
            ADD COLUMN IF NOT EXISTS population integer;
        \(uuidPrimaryKeyDefault("locations_counties"))
        \(foreignKey("locations_counties", "state", references: "locations_states", onDelete: .setNull))
        CREATE TABLE IF NOT EXISTS locations_cities (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE locations_cities
            ADD COLUMN IF NOT EXISTS name varchar(255),
            ADD COLUMN IF NOT EXISTS state uuid,
            ADD COLUMN IF NOT EXISTS county uuid,
            ADD COLUMN IF NOT EXISTS population integer;
        \(uuidPrimaryKeyDefault("locations_cities"))
        \(foreignKey("locations_cities", "state", references: "locations_states", onDelete: .setNull))
        \(foreignKey("locations_cities", "county", references: "locations_counties", onDelete: .setNull))

        """

    private static let analyticsTables = """
        -- Analytics tables ----------------------------------------------------------------

        -- A site's analytics are its children: they go with it.
        CREATE TABLE IF NOT EXISTS site_analytics (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE site_analytics
            ADD COLUMN IF NOT EXISTS site_id uuid,
            ADD COLUMN IF NOT EXISTS google_ads_id varchar(255),
            ADD COLUMN IF NOT EXISTS fb_pixel_id varchar(255);
        \(uuidPrimaryKeyDefault("site_analytics"))
        \(foreignKey("site_analytics", "site_id", references: "sites", onDelete: .cascade))
        CREATE TABLE IF NOT EXISTS events (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE events
            ADD COLUMN IF NOT EXISTS site_id uuid,
            ADD COLUMN IF NOT EXISTS event_name varchar(255),
            ADD COLUMN IF NOT EXISTS page_path text,
            ADD COLUMN IF NOT EXISTS "timestamp" timestamp;
        \(uuidPrimaryKeyDefault("events"))
        \(foreignKey("events", "site_id", references: "sites", onDelete: .cascade))
        CREATE TABLE IF NOT EXISTS pageviews (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE pageviews
            ADD COLUMN IF NOT EXISTS site_id uuid,
            ADD COLUMN IF NOT EXISTS page_path text,
            ADD COLUMN IF NOT EXISTS session_id varchar(255),
            ADD COLUMN IF NOT EXISTS "timestamp" timestamp;
        \(uuidPrimaryKeyDefault("pageviews"))
        \(foreignKey("pageviews", "site_id", references: "sites", onDelete: .cascade))
        CREATE TABLE IF NOT EXISTS conversions (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE conversions
            ADD COLUMN IF NOT EXISTS site_id uuid,
            ADD COLUMN IF NOT EXISTS lead uuid,
            ADD COLUMN IF NOT EXISTS conversion_type varchar(255),
            ADD COLUMN IF NOT EXISTS value numeric(12, 2);
        \(uuidPrimaryKeyDefault("conversions"))
        \(foreignKey("conversions", "site_id", references: "sites", onDelete: .cascade))
        -- A conversion is revenue on record: it stays when its lead is deleted.
        \(foreignKey("conversions", "lead", references: "leads", onDelete: .setNull))

        """
}
