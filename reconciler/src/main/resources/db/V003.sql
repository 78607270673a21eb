-- V003: a component's condition in typed columns instead of one string ("drift:exited",
-- "failed:activate", …). Kinds are net.metacircular.mcp.schema.status.ConditionKind's words; a
-- failure's retry state (class, what failed, attempts, last and next try) sits beside it. "ok" is
-- now stored too, so that status can say since when a component is well. SQLite cannot change a
-- column's type: the table is made anew and the old rows mapped, keeping `since`.

CREATE TABLE conditions_v3 (
  service        TEXT    NOT NULL,
  component      TEXT    NOT NULL,
  kind           TEXT    NOT NULL CHECK (kind IN ('ok', 'drift', 'out_of_sync', 'conflict',
                   'inactive', 'failed', 'crash_loop', 'unhealthy', 'quarantined', 'suspended')),
  detail         TEXT    NOT NULL,
  commit_id      TEXT,
  since          INTEGER NOT NULL,
  failure_class  TEXT    CHECK (failure_class IN ('transient', 'permanent')),
  failed_action  TEXT,
  attempts       INTEGER CHECK (attempts >= 1),
  last_try       INTEGER,
  next_retry     INTEGER,
  PRIMARY KEY (service, component),
  CHECK ((failure_class IS NULL) = (failed_action IS NULL)),
  CHECK ((failure_class IS NULL) = (attempts IS NULL)),
  CHECK ((failure_class IS NULL) = (last_try IS NULL)),
  CHECK (next_retry IS NULL OR failure_class IS NOT NULL),
  CHECK (failure_class IS NULL OR kind IN ('failed', 'crash_loop'))
) STRICT;

-- The strings written by earlier agents: "ok", "inactive", "failed:<verb>", "drift:<what>",
-- "conflict:<what>", "out-of-sync:<spec hash>", "orphan:prune-off". Their details were short keys;
-- the agent words details as sentences now, so a drift, conflict or out-of-sync reported before
-- the upgrade is reported once more (with its full reason) by the first cycle after it.
INSERT INTO conditions_v3
  (service, component, kind, detail, since, failure_class, failed_action, attempts, last_try)
SELECT
  service,
  component,
  CASE
    WHEN condition = 'ok' THEN 'ok'
    WHEN condition = 'inactive' THEN 'inactive'
    WHEN condition LIKE 'failed:%' THEN 'failed'
    WHEN condition LIKE 'conflict:%' THEN 'conflict'
    WHEN condition LIKE 'out-of-sync:%' THEN 'out_of_sync'
    ELSE 'drift'
  END,
  CASE
    WHEN condition = 'ok' THEN ''
    WHEN condition = 'inactive' THEN 'kept stopped: the service is inactive'
    WHEN condition LIKE 'failed:%'
      THEN 'failed to ' || substr(condition, 8) || ' (recorded by an earlier mcp-agent)'
    WHEN condition LIKE 'orphan:%'
      THEN 'no longer desired here; not removed because prune is off'
    WHEN condition LIKE 'out-of-sync:%' THEN 'newer spec ' || substr(condition, 13)
    WHEN instr(condition, ':') > 0 THEN substr(condition, instr(condition, ':') + 1)
    ELSE condition
  END,
  since,
  CASE WHEN condition LIKE 'failed:%' THEN 'transient' END,
  CASE WHEN condition LIKE 'failed:%' THEN substr(condition, 8) END,
  CASE WHEN condition LIKE 'failed:%' THEN 1 END,
  CASE WHEN condition LIKE 'failed:%' THEN since END
FROM conditions;

UPDATE conditions_v3 SET detail = 'reported by an earlier mcp-agent'
WHERE detail = '' AND kind <> 'ok';

DROP TABLE conditions;
ALTER TABLE conditions_v3 RENAME TO conditions;
