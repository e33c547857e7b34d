-- The four tables scripts/load-geonames writes, with exactly the seed document's
-- columns (Docs/Architecture.md#schema-and-migrations). Only for scripts/geonames/check against a
-- throwaway cluster: the real tables come from the project's migrations.
CREATE EXTENSION IF NOT EXISTS "pgcrypto";

CREATE TABLE IF NOT EXISTS geo_intelligence (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    status     varchar(50) DEFAULT 'published',
    city       varchar(255),
    state      varchar(255),
    population integer
);

CREATE TABLE IF NOT EXISTS locations_states (
    id   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name varchar,
    code varchar(2)
);

CREATE TABLE IF NOT EXISTS locations_counties (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name       varchar,
    state      uuid REFERENCES locations_states (id),
    population integer
);

CREATE TABLE IF NOT EXISTS locations_cities (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name       varchar,
    state      uuid REFERENCES locations_states (id),
    county     uuid REFERENCES locations_counties (id),
    population integer
);
