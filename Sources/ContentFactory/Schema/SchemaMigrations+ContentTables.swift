// Version 2: the seed's content tables, batches 1 to 3 of its Harris Matrix order
// (Docs/Architecture.md#schema-and-migrations).
//
// Each table is created with its primary key (and its NOT NULL columns) only, then every column
// is ensured with ADD COLUMN IF NOT EXISTS, so an existing Spark table that lacks some columns
// gains them and keeps its rows. A NOT NULL column added to an existing table is added nullable:
// its existing rows have no value to give it.
//
// Types the seed leaves loose: VARCHAR without a length is varchar(255) (URL-like columns
// follow the seed's own varchar(500)); TIMESTAMP stays timestamp without time zone, as the
// seed and Directus have it. Foreign keys come after each table, through `foreignKey`, so an
// existing column also gets its key; the ON DELETE action is the seed's where it states one.

extension SchemaMigrations {
    static let sparkContentTables = batch1Foundation + batch2FirstLevelChildren + batch3ComplexChildren

    private static let batch1Foundation = """
        -- Batch 1: Foundation (no dependencies) -------------------------------------------

        CREATE TABLE IF NOT EXISTS sites (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            name varchar(255) NOT NULL
        );
        ALTER TABLE sites
            ADD COLUMN IF NOT EXISTS status varchar(50) DEFAULT 'active',
            ADD COLUMN IF NOT EXISTS name varchar(255),
            ADD COLUMN IF NOT EXISTS url varchar(500),
            ADD COLUMN IF NOT EXISTS date_created timestamp DEFAULT now(),
            ADD COLUMN IF NOT EXISTS date_updated timestamp DEFAULT now();
        \(uuidPrimaryKeyDefault("sites"))
        CREATE TABLE IF NOT EXISTS campaign_masters (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            name varchar(255) NOT NULL
        );
        ALTER TABLE campaign_masters
            ADD COLUMN IF NOT EXISTS status varchar(50) DEFAULT 'active',
            ADD COLUMN IF NOT EXISTS site_id uuid,
            ADD COLUMN IF NOT EXISTS name varchar(255),
            ADD COLUMN IF NOT EXISTS headline_spintax_root text,
            ADD COLUMN IF NOT EXISTS target_word_count integer DEFAULT 1500,
            ADD COLUMN IF NOT EXISTS location_mode varchar(50),
            ADD COLUMN IF NOT EXISTS batch_count integer,
            ADD COLUMN IF NOT EXISTS date_created timestamp DEFAULT now(),
            ADD COLUMN IF NOT EXISTS date_updated timestamp DEFAULT now();
        \(uuidPrimaryKeyDefault("campaign_masters"))
        \(foreignKey("campaign_masters", "site_id", references: "sites", onDelete: .cascade))
        CREATE TABLE IF NOT EXISTS avatar_intelligence (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE avatar_intelligence
            ADD COLUMN IF NOT EXISTS status varchar(50) DEFAULT 'published',
            ADD COLUMN IF NOT EXISTS base_name varchar(255),
            ADD COLUMN IF NOT EXISTS wealth_cluster varchar(100),
            ADD COLUMN IF NOT EXISTS pain_points jsonb,
            ADD COLUMN IF NOT EXISTS demographics jsonb;
        \(uuidPrimaryKeyDefault("avatar_intelligence"))
        CREATE TABLE IF NOT EXISTS avatar_variants (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE avatar_variants
            ADD COLUMN IF NOT EXISTS status varchar(50) DEFAULT 'published',
            ADD COLUMN IF NOT EXISTS name varchar(255),
            ADD COLUMN IF NOT EXISTS prompt_modifier text;
        \(uuidPrimaryKeyDefault("avatar_variants"))
        CREATE TABLE IF NOT EXISTS cartesian_patterns (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE cartesian_patterns
            ADD COLUMN IF NOT EXISTS status varchar(50) DEFAULT 'published',
            ADD COLUMN IF NOT EXISTS name varchar(255),
            ADD COLUMN IF NOT EXISTS pattern_logic text;
        \(uuidPrimaryKeyDefault("cartesian_patterns"))
        CREATE TABLE IF NOT EXISTS geo_intelligence (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE geo_intelligence
            ADD COLUMN IF NOT EXISTS status varchar(50) DEFAULT 'published',
            ADD COLUMN IF NOT EXISTS city varchar(255),
            ADD COLUMN IF NOT EXISTS state varchar(255),
            ADD COLUMN IF NOT EXISTS population integer;
        \(uuidPrimaryKeyDefault("geo_intelligence"))
        CREATE TABLE IF NOT EXISTS offer_blocks (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE offer_blocks
            ADD COLUMN IF NOT EXISTS status varchar(50) DEFAULT 'published',
            ADD COLUMN IF NOT EXISTS name varchar(255),
            ADD COLUMN IF NOT EXISTS html_content text;
        \(uuidPrimaryKeyDefault("offer_blocks"))

        """

    private static let batch2FirstLevelChildren = """
        -- Batch 2: First-level children ---------------------------------------------------

        CREATE TABLE IF NOT EXISTS generated_articles (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE generated_articles
            ADD COLUMN IF NOT EXISTS status varchar(50) DEFAULT 'draft',
            ADD COLUMN IF NOT EXISTS site_id uuid,
            ADD COLUMN IF NOT EXISTS campaign_id uuid,
            ADD COLUMN IF NOT EXISTS title varchar(255),
            ADD COLUMN IF NOT EXISTS content text,
            ADD COLUMN IF NOT EXISTS slug varchar(255),
            ADD COLUMN IF NOT EXISTS is_published boolean,
            ADD COLUMN IF NOT EXISTS schema_json jsonb,
            ADD COLUMN IF NOT EXISTS date_created timestamp DEFAULT now(),
            ADD COLUMN IF NOT EXISTS date_updated timestamp;
        \(uuidPrimaryKeyDefault("generated_articles"))
        \(foreignKey("generated_articles", "site_id", references: "sites", onDelete: .cascade))
        \(foreignKey("generated_articles", "campaign_id", references: "campaign_masters", onDelete: .setNull))
        -- The queue's own columns come in version 4; these are the seed's.
        CREATE TABLE IF NOT EXISTS generation_jobs (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE generation_jobs
            ADD COLUMN IF NOT EXISTS status varchar(50) DEFAULT 'pending',
            ADD COLUMN IF NOT EXISTS site_id uuid,
            ADD COLUMN IF NOT EXISTS batch_size integer DEFAULT 10,
            ADD COLUMN IF NOT EXISTS target_quantity integer,
            ADD COLUMN IF NOT EXISTS filters jsonb,
            ADD COLUMN IF NOT EXISTS current_offset integer,
            ADD COLUMN IF NOT EXISTS progress integer DEFAULT 0;
        \(uuidPrimaryKeyDefault("generation_jobs"))
        \(foreignKey("generation_jobs", "site_id", references: "sites", onDelete: .cascade))
        CREATE TABLE IF NOT EXISTS pages (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE pages
            ADD COLUMN IF NOT EXISTS status varchar(50) DEFAULT 'published',
            ADD COLUMN IF NOT EXISTS site_id uuid,
            ADD COLUMN IF NOT EXISTS title varchar(255),
            ADD COLUMN IF NOT EXISTS slug varchar(255),
            ADD COLUMN IF NOT EXISTS permalink varchar(255),
            ADD COLUMN IF NOT EXISTS content text,
            ADD COLUMN IF NOT EXISTS blocks jsonb,
            ADD COLUMN IF NOT EXISTS schema_json jsonb,
            ADD COLUMN IF NOT EXISTS seo_title varchar(255),
            ADD COLUMN IF NOT EXISTS seo_description text,
            ADD COLUMN IF NOT EXISTS seo_image uuid,
            ADD COLUMN IF NOT EXISTS date_created timestamp,
            ADD COLUMN IF NOT EXISTS date_updated timestamp;
        \(uuidPrimaryKeyDefault("pages"))
        \(foreignKey("pages", "site_id", references: "sites", onDelete: .cascade))
        -- The seed states no action for file and user references: deleting an image or a user
        -- must not delete the pages and posts that showed it, so SET NULL.
        \(foreignKey("pages", "seo_image", references: "directus_files", onDelete: .setNull))
        CREATE TABLE IF NOT EXISTS posts (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE posts
            ADD COLUMN IF NOT EXISTS status varchar(50) DEFAULT 'published',
            ADD COLUMN IF NOT EXISTS site_id uuid,
            ADD COLUMN IF NOT EXISTS title varchar(255),
            ADD COLUMN IF NOT EXISTS slug varchar(255),
            ADD COLUMN IF NOT EXISTS excerpt text,
            ADD COLUMN IF NOT EXISTS content text,
            ADD COLUMN IF NOT EXISTS featured_image uuid,
            ADD COLUMN IF NOT EXISTS published_at timestamp,
            ADD COLUMN IF NOT EXISTS category varchar(100),
            ADD COLUMN IF NOT EXISTS author uuid,
            ADD COLUMN IF NOT EXISTS schema_json jsonb,
            ADD COLUMN IF NOT EXISTS date_created timestamp,
            ADD COLUMN IF NOT EXISTS date_updated timestamp;
        \(uuidPrimaryKeyDefault("posts"))
        \(foreignKey("posts", "site_id", references: "sites", onDelete: .cascade))
        \(foreignKey("posts", "featured_image", references: "directus_files", onDelete: .setNull))
        \(foreignKey("posts", "author", references: "directus_users", onDelete: .setNull))
        CREATE TABLE IF NOT EXISTS leads (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE leads
            ADD COLUMN IF NOT EXISTS status varchar(50) DEFAULT 'new',
            ADD COLUMN IF NOT EXISTS site_id uuid,
            ADD COLUMN IF NOT EXISTS email varchar(255),
            ADD COLUMN IF NOT EXISTS name varchar(255),
            ADD COLUMN IF NOT EXISTS source varchar(100);
        \(uuidPrimaryKeyDefault("leads"))
        \(foreignKey("leads", "site_id", references: "sites", onDelete: .setNull))
        CREATE TABLE IF NOT EXISTS headline_inventory (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE headline_inventory
            ADD COLUMN IF NOT EXISTS status varchar(50) DEFAULT 'active',
            ADD COLUMN IF NOT EXISTS campaign_id uuid,
            ADD COLUMN IF NOT EXISTS headline_text varchar(255),
            ADD COLUMN IF NOT EXISTS is_used boolean DEFAULT false;
        \(uuidPrimaryKeyDefault("headline_inventory"))
        \(foreignKey("headline_inventory", "campaign_id", references: "campaign_masters", onDelete: .cascade))
        CREATE TABLE IF NOT EXISTS content_fragments (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE content_fragments
            ADD COLUMN IF NOT EXISTS status varchar(50) DEFAULT 'active',
            ADD COLUMN IF NOT EXISTS campaign_id uuid,
            ADD COLUMN IF NOT EXISTS fragment_text text,
            ADD COLUMN IF NOT EXISTS fragment_type varchar(50);
        \(uuidPrimaryKeyDefault("content_fragments"))
        \(foreignKey("content_fragments", "campaign_id", references: "campaign_masters", onDelete: .cascade))

        """

    private static let batch3ComplexChildren = """
        -- Batch 3: Complex children -------------------------------------------------------

        CREATE TABLE IF NOT EXISTS link_targets (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE link_targets
            ADD COLUMN IF NOT EXISTS status varchar(50) DEFAULT 'active',
            ADD COLUMN IF NOT EXISTS site_id uuid,
            ADD COLUMN IF NOT EXISTS target_url varchar(500),
            ADD COLUMN IF NOT EXISTS anchor_text varchar(255),
            ADD COLUMN IF NOT EXISTS keyword_focus varchar(255);
        \(uuidPrimaryKeyDefault("link_targets"))
        \(foreignKey("link_targets", "site_id", references: "sites", onDelete: .cascade))
        CREATE TABLE IF NOT EXISTS globals (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
        ALTER TABLE globals
            ADD COLUMN IF NOT EXISTS site_id uuid,
            ADD COLUMN IF NOT EXISTS title varchar(255),
            ADD COLUMN IF NOT EXISTS description text,
            ADD COLUMN IF NOT EXISTS logo uuid;
        \(uuidPrimaryKeyDefault("globals"))
        \(foreignKey("globals", "site_id", references: "sites", onDelete: .cascade))
        \(foreignKey("globals", "logo", references: "directus_files", onDelete: .setNull))
        CREATE TABLE IF NOT EXISTS navigation (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            label varchar(255) NOT NULL,
            url varchar(500) NOT NULL
        );
        ALTER TABLE navigation
            ADD COLUMN IF NOT EXISTS site_id uuid,
            ADD COLUMN IF NOT EXISTS label varchar(255),
            ADD COLUMN IF NOT EXISTS url varchar(500),
            ADD COLUMN IF NOT EXISTS parent uuid,
            ADD COLUMN IF NOT EXISTS target varchar(20),
            ADD COLUMN IF NOT EXISTS sort integer;
        \(uuidPrimaryKeyDefault("navigation"))
        \(foreignKey("navigation", "site_id", references: "sites", onDelete: .cascade))
        -- Deleting a menu item lifts its children to the top level rather than deleting them.
        \(foreignKey("navigation", "parent", references: "navigation", onDelete: .setNull))

        """
}
