-- What kind of failure the source's last error is (auth, host_key, not_found, network, timeout,
-- tls, bad_ref, untrusted, local, other), decided from exception types when it happened; NULL when
-- healthy, or for an error recorded by an older agent.
ALTER TABLE source_state ADD COLUMN error_kind TEXT;
