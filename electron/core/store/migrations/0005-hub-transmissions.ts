import type { Migration } from './index';

export const m0005: Migration = {
  version: 5,
  name: 'hub-transmissions',
  sql: `
-- The orientation category as the LRM names it (INT_L02 orientationCategory), derived at ingest like the other
-- browse fields; older rows keep NULL and are read from their resource.
ALTER TABLE appointments ADD COLUMN orientation TEXT;

-- The Hub Santé connection (one): where the broker is, who we are, how long to wait for a final ack.
-- The identity holds references to sealed secrets (vault), never a key in clear.
CREATE TABLE hub_connection (
  id                     INTEGER PRIMARY KEY CHECK (id = 1),
  enabled                INTEGER NOT NULL,
  url                    TEXT    NOT NULL,
  client_id              TEXT    NOT NULL,
  identity               TEXT,
  ca_pem                 TEXT,
  verify_host_name       INTEGER NOT NULL,
  unconfirmed_after_min  INTEGER NOT NULL,
  expires_after_h        INTEGER NOT NULL,
  updated_utc            INTEGER NOT NULL
);

-- Routing overrides: an editor's or a department's appointments go to this SAMU whatever the regulator's.
CREATE TABLE hub_routes (
  id          INTEGER PRIMARY KEY,
  kind        TEXT    NOT NULL CHECK (kind IN ('editor', 'department')),
  match       TEXT    NOT NULL,
  samu        TEXT    NOT NULL,
  note        TEXT,
  updated_utc INTEGER NOT NULL,
  UNIQUE (kind, match)
);

-- Practitioners (8+RPPS) and structures (3+SIRET, 1+FINESS) as the messages need them; 'sources' says
-- where each value came from and when (slot answers, a CSV file, an operator).
CREATE TABLE directory (
  kind            TEXT    NOT NULL CHECK (kind IN ('practitioner', 'organization')),
  id              TEXT    NOT NULL,
  name            TEXT,
  first_name      TEXT,
  specialty_code  TEXT,
  profession_code TEXT,
  postal_code     TEXT,
  sources         TEXT    NOT NULL DEFAULT '{}',
  updated_utc     INTEGER NOT NULL,
  PRIMARY KEY (kind, id)
) WITHOUT ROWID;

-- The outbox: one row per appointment, written in the transaction that stores each accepted version.
-- 'wanted_version' is what the LRM must end up with; 'in_flight' the attempt the broker has not confirmed
-- yet (at most one per appointment); versions that arrive meanwhile coalesce into wanted_version.
CREATE TABLE transmissions (
  appointment_id      TEXT    PRIMARY KEY,
  wanted_version      INTEGER NOT NULL,
  state               TEXT    NOT NULL CHECK (state IN ('queued', 'blocked', 'published', 'acknowledged', 'failed', 'unconfirmed')),
  in_flight           INTEGER,
  due_utc             INTEGER NOT NULL,
  blocked             TEXT,
  samu                TEXT,
  sent_version        INTEGER,
  method              TEXT,
  attempts            INTEGER NOT NULL DEFAULT 0,
  last_attempt        INTEGER,
  error_code          INTEGER,
  error_class         TEXT,
  error               TEXT,
  ack                 TEXT,
  possible_duplicates INTEGER NOT NULL DEFAULT 0,
  -- Why the next attempt will be made (version, retry, recovery, sequence) and by whom (operator retries).
  next_reason         TEXT    NOT NULL DEFAULT 'version',
  next_operator       TEXT,
  -- The version whose data was last checked while the broker was unreachable (blocked reasons shown early).
  checked_version     INTEGER,
  updated_utc         INTEGER NOT NULL,
  published_utc       INTEGER,
  acknowledged_utc    INTEGER
);
CREATE INDEX transmissions_due ON transmissions (due_utc) WHERE state = 'queued' AND in_flight IS NULL;
CREATE INDEX transmissions_by_state ON transmissions (state, updated_utc);
CREATE INDEX transmissions_awaiting_ack ON transmissions (published_utc) WHERE state = 'published';
CREATE INDEX transmissions_by_samu ON transmissions (samu, state);
-- The page lists the latest changes first; the status bar counts what needs attention (the same expression as
-- ATTENTION_SQL in transmission-store.ts, so that the count reads this small index only).
CREATE INDEX transmissions_by_change ON transmissions (updated_utc);
CREATE INDEX transmissions_attention ON transmissions (state)
  WHERE state IN ('blocked', 'failed', 'unconfirmed') OR (state = 'acknowledged' AND json_extract(ack, '$.refused') = 1);

-- Every message published (or about to be): its distributionID, what it carried, and what came back.
CREATE TABLE transmission_attempts (
  id                   INTEGER PRIMARY KEY,
  appointment_id       TEXT    NOT NULL,
  distribution_id      TEXT    NOT NULL UNIQUE,
  version              INTEGER NOT NULL,
  method               TEXT    NOT NULL,
  samu                 TEXT    NOT NULL,
  state                TEXT    NOT NULL CHECK (state IN ('pending', 'published', 'acknowledged', 'failed', 'lost', 'unconfirmed', 'nacked')),
  reason               TEXT    NOT NULL,
  operator             TEXT,
  created_utc          INTEGER NOT NULL,
  published_utc        INTEGER,
  outcome_utc          INTEGER,
  error                TEXT,
  ack                  TEXT,
  exchange_id          INTEGER,
  response_exchange_id INTEGER
);
CREATE INDEX transmission_attempts_by_appointment ON transmission_attempts (appointment_id, id);
CREATE INDEX transmission_attempts_pending ON transmission_attempts (state) WHERE state = 'pending';

-- Acks and errors that match no message we sent (or that cannot be read): kept and shown, never dropped.
CREATE TABLE hub_orphans (
  id           INTEGER PRIMARY KEY,
  received_utc INTEGER NOT NULL,
  queue        TEXT    NOT NULL,
  kind         TEXT    NOT NULL CHECK (kind IN ('ack', 'error', 'unreadable')),
  reference    TEXT,
  reason       TEXT    NOT NULL,
  body         TEXT    NOT NULL,
  exchange_id  INTEGER
);
`,
};
