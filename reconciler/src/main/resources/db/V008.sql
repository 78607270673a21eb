-- V008 (soak18): each soak's baseline, per component: the container it began with and podman's
-- RestartCount of it then. An agent restarted mid-soak takes the soak up again from these (its
-- start and end are the rollouts row's since and until), not from the containers as they are by
-- then: a restart, a replacement or an exit while the agent was down fails the soak.
-- Agent state: written when a soak begins, deleted when it ends (passed, failed or abandoned).

CREATE TABLE soak_baselines (
  service        TEXT    NOT NULL CHECK (service <> ''),
  component      TEXT    NOT NULL CHECK (component <> ''),
  container_id   TEXT    NOT NULL CHECK (container_id <> ''),
  restart_count  INTEGER NOT NULL CHECK (restart_count >= 0),
  PRIMARY KEY (service, component)
) STRICT;
