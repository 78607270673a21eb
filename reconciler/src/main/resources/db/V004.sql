-- V004: the spec hash a failing component failed with, kept beside its failure's retry state.
-- Until now the agent held it in memory only, so that after a restart any new commit started every
-- failing component's backoff afresh. NULL for a failure recorded before (then a new commit counts
-- as a change, as before) and for one with no spec of its own (a skipped dependent, a crash loop).

ALTER TABLE conditions ADD COLUMN failed_spec_hash TEXT
  CHECK (failed_spec_hash IS NULL OR failure_class IS NOT NULL);
