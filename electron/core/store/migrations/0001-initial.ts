import type { Migration } from './index';

export const m0001: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- Every request received or sent, with its answer. Bodies are kept as text, headers without secrets.
CREATE TABLE exchanges (
  id               INTEGER PRIMARY KEY,
  at_utc           INTEGER NOT NULL,
  at_raw           TEXT    NOT NULL,
  direction        TEXT    NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  channel          TEXT    NOT NULL,
  peer             TEXT,
  client_subject   TEXT,
  method           TEXT,
  url              TEXT,
  status           INTEGER,
  duration_ms      REAL,
  request_headers  TEXT,
  request_body     TEXT,
  response_headers TEXT,
  response_body    TEXT,
  -- 1 when the response body was the stored version itself: kept once, in appointment_versions.
  response_is_version INTEGER NOT NULL DEFAULT 0,
  appointment_id   TEXT
);
CREATE INDEX exchanges_by_time ON exchanges (at_utc);
CREATE INDEX exchanges_by_status ON exchanges (status, at_utc);
CREATE INDEX exchanges_by_appointment ON exchanges (appointment_id) WHERE appointment_id IS NOT NULL;

-- One row per appointment (editor identifier system|value), holding the browse fields of its latest version.
CREATE TABLE appointments (
  id                 TEXT    NOT NULL UNIQUE,
  identifier_system  TEXT    NOT NULL,
  identifier_value   TEXT    NOT NULL,
  current_version    INTEGER NOT NULL,
  profile            TEXT    NOT NULL,
  status             TEXT    NOT NULL,
  category           TEXT    NOT NULL,
  start_raw          TEXT,
  start_utc          INTEGER,
  start_day          TEXT,
  end_raw            TEXT,
  end_utc            INTEGER,
  created_raw        TEXT,
  created_utc        INTEGER,
  practitioner_id    TEXT,
  organisation_id    TEXT,
  regulator_id       TEXT,
  editor             TEXT    NOT NULL,
  first_received_utc INTEGER NOT NULL,
  last_received_utc  INTEGER NOT NULL,
  -- value first: it also serves value-only lookups (FHIR token without system) and the sort by identifier.
  UNIQUE (identifier_value, identifier_system)
);
-- One index per sortable column, and (filter, default sort) pairs so a filtered first page needs no sort.
-- Server ids are time-ordered, so the id index and the versions' key grow at their end (cheap to write).
CREATE INDEX appointments_by_received ON appointments (last_received_utc);
CREATE INDEX appointments_by_start ON appointments (start_utc);
CREATE INDEX appointments_by_created ON appointments (created_utc);
CREATE INDEX appointments_by_status ON appointments (status, last_received_utc);
CREATE INDEX appointments_by_category ON appointments (category, last_received_utc);
CREATE INDEX appointments_by_editor ON appointments (editor, last_received_utc);
CREATE INDEX appointments_by_practitioner ON appointments (practitioner_id);
CREATE INDEX appointments_by_organisation ON appointments (organisation_id);
CREATE INDEX appointments_by_regulator ON appointments (regulator_id);
CREATE INDEX appointments_by_versions ON appointments (current_version);

-- Every accepted create or update, never overwritten. A rowid table: its rows hold whole resources,
-- too large for a WITHOUT ROWID b-tree.
CREATE TABLE appointment_versions (
  id             INTEGER PRIMARY KEY,
  appointment_id TEXT    NOT NULL,
  version        INTEGER NOT NULL,
  received_utc   INTEGER NOT NULL,
  received_raw   TEXT    NOT NULL,
  editor         TEXT    NOT NULL,
  profile        TEXT    NOT NULL,
  resource       TEXT    NOT NULL,
  findings       TEXT    NOT NULL,
  exchange_id    INTEGER,
  UNIQUE (appointment_id, version)
);
CREATE INDEX appointment_versions_by_exchange ON appointment_versions (exchange_id) WHERE exchange_id IS NOT NULL;
`,
};
