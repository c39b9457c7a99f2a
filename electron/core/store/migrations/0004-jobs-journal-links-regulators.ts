import type { Migration } from './index';

export const m0004: Migration = {
  version: 4,
  name: 'jobs-journal-links-regulators',
  sql: `
-- Durable background work. At most one queued and one running job per (kind, key): a new request for a key
-- already queued updates that job, and a key is never worked on twice at once. 'lane' groups the jobs that
-- share a concurrency budget (an editor). A 'running' job found at start belonged to a process that died.
CREATE TABLE jobs (
  id               INTEGER PRIMARY KEY,
  kind             TEXT    NOT NULL,
  key              TEXT    NOT NULL,
  lane             TEXT    NOT NULL DEFAULT '',
  priority         INTEGER NOT NULL DEFAULT 0,
  payload          TEXT    NOT NULL DEFAULT '{}',
  state            TEXT    NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  max_attempts     INTEGER NOT NULL,
  next_attempt_utc INTEGER NOT NULL,
  lease_owner      TEXT,
  lease_until_utc  INTEGER,
  last_failure     TEXT,
  result           TEXT,
  created_utc      INTEGER NOT NULL,
  updated_utc      INTEGER NOT NULL,
  finished_utc     INTEGER
);
CREATE UNIQUE INDEX jobs_queued_key ON jobs (kind, key) WHERE state = 'queued';
CREATE INDEX jobs_running ON jobs (kind, key) WHERE state = 'running';
CREATE INDEX jobs_due ON jobs (kind, lane, priority DESC, next_attempt_utc) WHERE state = 'queued';
-- When the next queued job is due (the queue's timer), without reading the queue.
CREATE INDEX jobs_next ON jobs (next_attempt_utc) WHERE state = 'queued';
CREATE INDEX jobs_by_key ON jobs (kind, key, id);
CREATE INDEX jobs_by_state ON jobs (state, kind, updated_utc);

-- The journal for every protocol: what was done (operation), the id that ties a request to its answer or its
-- acknowledgement (correlation_id), how it ended, why it failed (a Failure as JSON), per-phase timings and
-- the TLS details; and the business objects an exchange concerns.
ALTER TABLE exchanges ADD COLUMN protocol TEXT NOT NULL DEFAULT 'http';
ALTER TABLE exchanges ADD COLUMN operation TEXT;
ALTER TABLE exchanges ADD COLUMN correlation_id TEXT;
ALTER TABLE exchanges ADD COLUMN outcome TEXT;
ALTER TABLE exchanges ADD COLUMN failure TEXT;
ALTER TABLE exchanges ADD COLUMN timings TEXT;
ALTER TABLE exchanges ADD COLUMN tls TEXT;
CREATE INDEX exchanges_by_correlation ON exchanges (correlation_id) WHERE correlation_id IS NOT NULL;
CREATE INDEX exchanges_by_operation ON exchanges (operation, at_utc) WHERE operation IS NOT NULL;
CREATE TABLE exchange_links (
  kind        TEXT    NOT NULL,
  ref         TEXT    NOT NULL,
  exchange_id INTEGER NOT NULL,
  PRIMARY KEY (kind, ref, exchange_id)
) WITHOUT ROWID;
CREATE INDEX exchange_links_by_exchange ON exchange_links (exchange_id);

-- Regulators (SAS accounts): the desired state. revision grows with every change editors must hear about.
CREATE TABLE regulators (
  technical_id   TEXT    PRIMARY KEY,
  national_id    TEXT    UNIQUE,
  family_name    TEXT    NOT NULL,
  given_name     TEXT    NOT NULL,
  email          TEXT    NOT NULL,
  email_key      TEXT    NOT NULL UNIQUE,
  active         INTEGER NOT NULL,
  samu           TEXT,
  revision       INTEGER NOT NULL,
  created_utc    INTEGER NOT NULL,
  updated_utc    INTEGER NOT NULL,
  last_login_utc INTEGER
) WITHOUT ROWID;
CREATE INDEX regulators_by_name ON regulators (family_name, given_name);
CREATE INDEX regulators_by_samu ON regulators (samu);

-- Regulator x editor: what the editor acknowledged (the observed state) and how the last attempt went.
-- doubt_identifier: a request carrying this identifier went out and its outcome is unknown (timeout, reset,
-- crash): the editor may hold the account, so the next request is a conditional PUT, never a POST.
CREATE TABLE regulator_accounts (
  regulator_id       TEXT    NOT NULL,
  editor_id          TEXT    NOT NULL,
  requested_revision INTEGER,
  sent_revision      INTEGER,
  sent_identifier    TEXT,
  sent_active        INTEGER,
  editor_location    TEXT,
  doubt_identifier   TEXT,
  attempts           INTEGER NOT NULL DEFAULT 0,
  last_attempt_utc   INTEGER,
  last_exchange_id   INTEGER,
  failure            TEXT,
  updated_utc        INTEGER NOT NULL,
  PRIMARY KEY (regulator_id, editor_id)
) WITHOUT ROWID;
CREATE INDEX regulator_accounts_by_editor ON regulator_accounts (editor_id, regulator_id);

-- Qualification runs of an editor's INT_R02 endpoint (the test kit's group 5), each step with its exchange.
CREATE TABLE qualification_runs (
  id           TEXT    PRIMARY KEY,
  editor_id    TEXT    NOT NULL,
  editor_name  TEXT    NOT NULL,
  base_url     TEXT    NOT NULL,
  started_utc  INTEGER NOT NULL,
  finished_utc INTEGER,
  steps        TEXT    NOT NULL DEFAULT '[]'
) WITHOUT ROWID;
CREATE INDEX qualification_runs_by_time ON qualification_runs (started_utc);
`,
};
