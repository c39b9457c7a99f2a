import type { Migration } from './index';

export const m0002: Migration = {
  version: 2,
  name: 'editors-and-slot-runs',
  sql: `
-- Editors' FHIR endpoints and how to reach them. Private keys and passphrases are never here in clear:
-- identity holds references (an OS-sealed blob, or a file path for the headless host).
CREATE TABLE editors (
  id          TEXT    PRIMARY KEY,
  name        TEXT    NOT NULL UNIQUE,
  base_url    TEXT    NOT NULL,
  environment TEXT    NOT NULL CHECK (environment IN ('recette', 'preproduction', 'production')),
  flows       TEXT    NOT NULL,
  accept      TEXT    NOT NULL,
  timeout_ms  INTEGER NOT NULL,
  enabled     INTEGER NOT NULL,
  identity    TEXT,
  ca_pem      TEXT,
  created_utc INTEGER NOT NULL,
  updated_utc INTEGER NOT NULL
);

-- Every slot search run: its inputs, then one result per editor queried.
CREATE TABLE slot_runs (
  id           TEXT    PRIMARY KEY,
  kind         TEXT    NOT NULL CHECK (kind IN ('ps', 'cpts', 'sos')),
  ids          TEXT    NOT NULL,
  window_start TEXT    NOT NULL,
  window_end   TEXT    NOT NULL,
  started_utc  INTEGER NOT NULL,
  finished_utc INTEGER,
  rerun_of     TEXT
);
CREATE INDEX slot_runs_by_time ON slot_runs (started_utc);

CREATE TABLE slot_run_results (
  run_id        TEXT    NOT NULL,
  editor_id     TEXT    NOT NULL,
  editor_name   TEXT    NOT NULL,
  request_url   TEXT    NOT NULL,
  state         TEXT    NOT NULL CHECK (state IN ('pending', 'done')),
  verdict       TEXT,
  http_status   INTEGER,
  timings       TEXT,
  tls           TEXT,
  error         TEXT,
  response_body TEXT,
  findings      TEXT,
  slots         TEXT,
  slot_count    INTEGER,
  exchange_id   INTEGER,
  PRIMARY KEY (run_id, editor_id)
);
`,
};
