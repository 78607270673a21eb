-- V006 (notify20): notifications (DESIGN.md, "Notifications"). An incident is open while its row exists;
-- incident_notices says which receiver was told of it and when last (for reminders and for the
-- resolved message); notify_outbox holds the messages not yet delivered, so that neither an
-- incident's state nor a queued message is lost or repeated by an agent restart.

CREATE TABLE incidents (
  fingerprint TEXT    PRIMARY KEY,
  service     TEXT    NOT NULL,
  component   TEXT    NOT NULL,
  kind        TEXT    NOT NULL,
  message     TEXT    NOT NULL,
  commit_id   TEXT,
  since       INTEGER NOT NULL,
  opened      INTEGER NOT NULL
) STRICT;

CREATE TABLE incident_notices (
  fingerprint TEXT    NOT NULL REFERENCES incidents (fingerprint) ON DELETE CASCADE,
  notifier    TEXT    NOT NULL,
  last_sent   INTEGER NOT NULL,
  PRIMARY KEY (fingerprint, notifier)
) STRICT;

CREATE TABLE notify_outbox (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  notifier    TEXT    NOT NULL,
  body        TEXT    NOT NULL,
  attempts    INTEGER NOT NULL DEFAULT 0,
  next_try    INTEGER NOT NULL,
  last_error  TEXT
) STRICT;

CREATE INDEX notify_outbox_due ON notify_outbox (next_try, id);
