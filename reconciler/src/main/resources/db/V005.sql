-- V005 (suspend18): suspensions. A
-- suspended service is left alone by the reconciler (no deploy, heal or prune) but still observed.
-- Agent state, not git's: it holds while git is unreachable and through an agent restart.
-- `target` is a service's name, or '*' for the whole node (services added meanwhile included).

CREATE TABLE suspensions (
  target  TEXT    NOT NULL PRIMARY KEY CHECK (target <> ''),
  reason  TEXT    NOT NULL CHECK (reason <> ''),
  who     TEXT    NOT NULL CHECK (who <> ''),
  since   INTEGER NOT NULL,
  until   INTEGER,
  CHECK (until IS NULL OR until > since)
) STRICT;
