-- govbrief SQLite output, schema version 1 (govbrief.formats.sqlite).
--
-- One row in `documents` per input document (also those without any record); one row
-- in `records` per province per document; one row per entity in the entity tables.
-- Every entity table repeats doc_id and province so that queries need no join:
--   select province, sum(value) from counts where unit='个' group by province;
-- `position` keeps the order of the JSON lists; offsets are [start, end) into the
-- original text. Deleting a document deletes its records and entities (cascade).
--
-- The indexes after the `-- indexes --` line are built when the writer closes (and
-- exist from then on): built once in bulk, they cost far less than maintained on
-- every insert of a big run. A database left by a crash lacks them until the next
-- (appending) run closes; queries work either way.

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT
);

CREATE TABLE IF NOT EXISTS documents (
    id        TEXT PRIMARY KEY,
    source    TEXT,
    line      INTEGER,
    published TEXT,                         -- YYYY-MM-DD or NULL
    status    TEXT NOT NULL CHECK (status IN ('ok', 'empty')),  -- empty: no province record
    n_records INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS records (
    record_id     INTEGER PRIMARY KEY,
    doc_id        TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,         -- order of the record in its document
    province      TEXT,
    province_code TEXT,
    sections      TEXT NOT NULL,            -- JSON [[start, end], ...]
    UNIQUE (doc_id, position)
);

CREATE TABLE IF NOT EXISTS officials (
    official_id INTEGER PRIMARY KEY,
    record_id   INTEGER NOT NULL REFERENCES records(record_id) ON DELETE CASCADE,
    doc_id      TEXT NOT NULL,
    province    TEXT,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    mentions    TEXT NOT NULL               -- JSON [[start, end], ...]
);

CREATE TABLE IF NOT EXISTS official_titles (
    official_id INTEGER NOT NULL REFERENCES officials(official_id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    PRIMARY KEY (official_id, position)
);

CREATE TABLE IF NOT EXISTS agencies (
    agency_id INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES records(record_id) ON DELETE CASCADE,
    doc_id    TEXT NOT NULL,
    province  TEXT,
    position  INTEGER NOT NULL,
    text      TEXT NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    name      TEXT                          -- canonical full name
);

CREATE TABLE IF NOT EXISTS organizations (
    organization_id INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES records(record_id) ON DELETE CASCADE,
    doc_id    TEXT NOT NULL,
    province  TEXT,
    position  INTEGER NOT NULL,
    text      TEXT NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    name      TEXT
);

-- The records' `locations` (GPE mentions).
CREATE TABLE IF NOT EXISTS places (
    place_id  INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES records(record_id) ON DELETE CASCADE,
    doc_id    TEXT NOT NULL,
    province  TEXT,
    position  INTEGER NOT NULL,
    text      TEXT NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    name      TEXT,                         -- administrative division, when resolved
    code      TEXT                          -- its 6-digit code
);

CREATE TABLE IF NOT EXISTS dates (
    date_id   INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES records(record_id) ON DELETE CASCADE,
    doc_id    TEXT NOT NULL,
    province  TEXT,
    position  INTEGER NOT NULL,
    text      TEXT NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    value     TEXT                          -- 2022-09-02TAF, 2022-09, PAST_REF ...
);

CREATE TABLE IF NOT EXISTS counts (
    count_id  INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES records(record_id) ON DELETE CASCADE,
    doc_id    TEXT NOT NULL,
    province  TEXT,
    position  INTEGER NOT NULL,
    text      TEXT NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    value     NUMERIC,                      -- integers stay integers; upper bound for ranges
    unit      TEXT,
    approx    TEXT CHECK (approx IS NULL OR approx IN ('more', 'about', 'less')),
    min       NUMERIC,                      -- lower bound for ranges
    object    TEXT
);

CREATE TABLE IF NOT EXISTS campaigns (
    campaign_id INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES records(record_id) ON DELETE CASCADE,
    doc_id    TEXT NOT NULL,
    province  TEXT,
    position  INTEGER NOT NULL,
    text      TEXT NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    name      TEXT,
    kind      TEXT                          -- 活动, 行动, 宣传周 ...
);

CREATE TABLE IF NOT EXISTS reporters (
    record_id INTEGER NOT NULL REFERENCES records(record_id) ON DELETE CASCADE,
    doc_id    TEXT NOT NULL,
    province  TEXT,
    position  INTEGER NOT NULL,
    name      TEXT NOT NULL,
    PRIMARY KEY (record_id, position)
);

-- Indexes on record_id grow at their right edge (ids only increase), so they are
-- cheap to maintain while writing; they make cascading deletes fast.
CREATE INDEX IF NOT EXISTS officials_record ON officials(record_id);
CREATE INDEX IF NOT EXISTS agencies_record ON agencies(record_id);
CREATE INDEX IF NOT EXISTS organizations_record ON organizations(record_id);
CREATE INDEX IF NOT EXISTS places_record ON places(record_id);
CREATE INDEX IF NOT EXISTS dates_record ON dates(record_id);
CREATE INDEX IF NOT EXISTS counts_record ON counts(record_id);
CREATE INDEX IF NOT EXISTS campaigns_record ON campaigns(record_id);

-- indexes --
CREATE INDEX IF NOT EXISTS records_province ON records(province);
CREATE INDEX IF NOT EXISTS officials_doc ON officials(doc_id);
CREATE INDEX IF NOT EXISTS officials_province ON officials(province);
CREATE INDEX IF NOT EXISTS officials_name ON officials(name);
CREATE INDEX IF NOT EXISTS official_titles_title ON official_titles(title);
CREATE INDEX IF NOT EXISTS agencies_doc ON agencies(doc_id);
CREATE INDEX IF NOT EXISTS agencies_province ON agencies(province);
CREATE INDEX IF NOT EXISTS agencies_name ON agencies(name);
CREATE INDEX IF NOT EXISTS organizations_doc ON organizations(doc_id);
CREATE INDEX IF NOT EXISTS organizations_province ON organizations(province);
CREATE INDEX IF NOT EXISTS organizations_name ON organizations(name);
CREATE INDEX IF NOT EXISTS places_doc ON places(doc_id);
CREATE INDEX IF NOT EXISTS places_province ON places(province);
CREATE INDEX IF NOT EXISTS places_code ON places(code);
CREATE INDEX IF NOT EXISTS dates_doc ON dates(doc_id);
CREATE INDEX IF NOT EXISTS dates_province ON dates(province);
CREATE INDEX IF NOT EXISTS dates_value ON dates(value);
CREATE INDEX IF NOT EXISTS counts_doc ON counts(doc_id);
CREATE INDEX IF NOT EXISTS counts_province_unit ON counts(province, unit);
CREATE INDEX IF NOT EXISTS counts_unit ON counts(unit);
CREATE INDEX IF NOT EXISTS campaigns_doc ON campaigns(doc_id);
CREATE INDEX IF NOT EXISTS campaigns_province ON campaigns(province);
CREATE INDEX IF NOT EXISTS campaigns_name ON campaigns(name);
CREATE INDEX IF NOT EXISTS reporters_doc ON reporters(doc_id);
