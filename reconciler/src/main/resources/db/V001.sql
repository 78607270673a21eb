-- V001: the initial registry schema. Times are Unix epoch milliseconds (INTEGER).
-- Applied by net.metacircular.mcp.agent.registry.Migrations in one transaction, which then sets
-- PRAGMA user_version = 1. Never edit an applied migration: add V002.sql instead.

PRAGMA application_id = 1296257073;

-- Per service: its last good service file and what was applied.
CREATE TABLE services (
  name           TEXT    NOT NULL PRIMARY KEY,
  node           TEXT    NOT NULL,
  active         INTEGER NOT NULL CHECK (active IN (0, 1)),
  deploy_mode    TEXT    NOT NULL CHECK (deploy_mode IN ('auto', 'manual')),
  spec_toml      TEXT    NOT NULL,
  spec_commit    TEXT    NOT NULL,
  applied_commit TEXT,
  applied_at     INTEGER,
  last_error     TEXT,
  error_since    INTEGER,
  updated_at     INTEGER NOT NULL,
  CHECK ((applied_commit IS NULL) = (applied_at IS NULL)),
  CHECK ((last_error IS NULL) = (error_since IS NULL))
) STRICT;

-- Per component: what was applied and what was last observed.
CREATE TABLE components (
  service         TEXT    NOT NULL REFERENCES services (name) ON DELETE CASCADE,
  component       TEXT    NOT NULL,
  spec_hash       TEXT    NOT NULL,
  image           TEXT    NOT NULL,
  applied_commit  TEXT    NOT NULL,
  applied_at      INTEGER NOT NULL,
  container_id    TEXT,
  spec_json       TEXT,
  observed_state  TEXT,
  observed_health TEXT,
  state_since     INTEGER,
  PRIMARY KEY (service, component),
  CHECK ((observed_state IS NULL) = (state_since IS NULL))
) STRICT;

-- The event log. Events outlive the services they are about (no foreign key).
CREATE TABLE events (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  at        INTEGER NOT NULL,
  service   TEXT,
  component TEXT,
  kind      TEXT    NOT NULL,
  message   TEXT    NOT NULL,
  commit_id TEXT,
  CHECK (component IS NULL OR service IS NOT NULL)
) STRICT;

CREATE INDEX events_by_service ON events (service, id);
CREATE INDEX events_by_time ON events (at);

-- The git source: exactly one row.
CREATE TABLE source_state (
  id              INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  fetched_commit  TEXT,
  applied_commit  TEXT,
  last_fetch_at   INTEGER,
  last_success_at INTEGER,
  last_error      TEXT,
  error_since     INTEGER,
  CHECK ((last_error IS NULL) = (error_since IS NULL))
) STRICT;

INSERT INTO source_state (id) VALUES (1);

-- The condition last reported for a component (drift, conflict, out-of-sync, failed …), so that a
-- report is made again only when it changes: an unchanged state writes no event. No foreign key:
-- a conflict can concern a component never applied. Absent means "ok".
CREATE TABLE conditions (
  service   TEXT    NOT NULL,
  component TEXT    NOT NULL,
  condition TEXT    NOT NULL,
  since     INTEGER NOT NULL,
  PRIMARY KEY (service, component)
) STRICT;
