-- V007 (rollout18): safe delivery. Per service, the spec that last passed its soak ("last
-- healthy"), the quarantine of a spec that failed one, and where its last deploy stands.
-- Agent state: it holds through an agent restart, so a failed spec is not applied again.

-- components_json: a JSON array of the components' specs (as components.spec_json writes them).
CREATE TABLE last_healthy (
  service         TEXT    NOT NULL PRIMARY KEY CHECK (service <> ''),
  commit_id       TEXT    NOT NULL,
  components_json TEXT    NOT NULL,
  at              INTEGER NOT NULL
) STRICT;

-- hashes: component=spec-hash lines of the failed spec: a newer commit that changes any lifts it.
-- halted: nothing to roll back to, or the rollback failed: the service is left alone.
CREATE TABLE quarantines (
  service        TEXT    NOT NULL PRIMARY KEY CHECK (service <> ''),
  failed_commit  TEXT    NOT NULL,
  hashes         TEXT    NOT NULL,
  reason         TEXT    NOT NULL CHECK (reason <> ''),
  halted         INTEGER NOT NULL CHECK (halted IN (0, 1)),
  since          INTEGER NOT NULL
) STRICT;

CREATE TABLE rollouts (
  service        TEXT    NOT NULL PRIMARY KEY CHECK (service <> ''),
  phase          TEXT    NOT NULL
                 CHECK (phase IN ('deploying', 'soaking', 'passed', 'failed', 'rolled_back')),
  commit_id      TEXT    NOT NULL,
  since          INTEGER NOT NULL,
  until          INTEGER,
  reason         TEXT,
  failed_commit  TEXT
) STRICT;

-- On upgrade, what runs now is the last healthy spec of each service whose every component has
-- its applied spec recorded.
INSERT INTO last_healthy (service, commit_id, components_json, at)
  SELECT c.service, s.applied_commit, json_group_array(json(c.spec_json)), MAX(c.applied_at)
  FROM components c JOIN services s ON s.name = c.service
  WHERE s.applied_commit IS NOT NULL
  GROUP BY c.service
  HAVING SUM(c.spec_json IS NULL) = 0;
