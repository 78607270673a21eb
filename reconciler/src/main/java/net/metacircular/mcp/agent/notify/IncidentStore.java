package net.metacircular.mcp.agent.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The SQL of V006's tables, run inside the caller's transaction. */
final class IncidentStore {
  private final Handle h;

  IncidentStore(Handle h) {
    this.h = h;
  }

  /** The open incidents, by fingerprint. */
  Map<String, Incident> open() {
    Map<String, Incident> out = new java.util.LinkedHashMap<>();
    h.createQuery(
            "SELECT fingerprint, service, component, kind, message, commit_id, since FROM incidents"
                + " ORDER BY opened, fingerprint")
        .map(
            (rs, ctx) ->
                new Incident(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    Optional.ofNullable(rs.getString(6)),
                    Instant.ofEpochMilli(rs.getLong(7))))
        .forEach(i -> out.put(i.fingerprint(), i));
    return out;
  }

  void insert(Incident i, Instant now) {
    h.createUpdate(
            "INSERT INTO incidents (fingerprint, service, component, kind, message, commit_id,"
                + " since, opened) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(0, i.fingerprint())
        .bind(1, i.service())
        .bind(2, i.component())
        .bind(3, i.kind())
        .bind(4, i.message())
        .bind(5, i.commit().orElse(null))
        .bind(6, i.since().toEpochMilli())
        .bind(7, now.toEpochMilli())
        .execute();
  }

  void delete(String fingerprint) {
    h.execute("DELETE FROM incident_notices WHERE fingerprint = ?", fingerprint);
    h.execute("DELETE FROM incidents WHERE fingerprint = ?", fingerprint);
  }

  /** When {@code notifier} was last told of the incident; empty if never. */
  Optional<Instant> lastSent(String fingerprint, String notifier) {
    return h.createQuery(
            "SELECT last_sent FROM incident_notices WHERE fingerprint = ? AND notifier = ?")
        .bind(0, fingerprint)
        .bind(1, notifier)
        .mapTo(Long.class)
        .findOne()
        .map(Instant::ofEpochMilli);
  }

  void sent(String fingerprint, String notifier, Instant at) {
    h.execute(
        "INSERT INTO incident_notices (fingerprint, notifier, last_sent) VALUES (?, ?, ?)"
            + " ON CONFLICT (fingerprint, notifier) DO UPDATE SET last_sent = excluded.last_sent",
        fingerprint,
        notifier,
        at.toEpochMilli());
  }

  void enqueue(String notifier, String body, Instant now) {
    h.execute(
        "INSERT INTO notify_outbox (notifier, body, next_try) VALUES (?, ?, ?)",
        notifier,
        body,
        now.toEpochMilli());
  }

  /** A queued message. */
  record Queued(long id, String notifier, String body, int attempts) {}

  /** The messages due at {@code now}, oldest first. */
  List<Queued> due(Instant now, int limit) {
    return h.createQuery(
            "SELECT id, notifier, body, attempts FROM notify_outbox WHERE next_try <= ?"
                + " ORDER BY id LIMIT ?")
        .bind(0, now.toEpochMilli())
        .bind(1, limit)
        .map((rs, ctx) -> new Queued(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4)))
        .list();
  }

  void delivered(long id) {
    h.execute("DELETE FROM notify_outbox WHERE id = ?", id);
  }

  void retryAt(long id, Instant at, String error) {
    h.execute(
        "UPDATE notify_outbox SET attempts = attempts + 1, next_try = ?, last_error = ? WHERE id = ?",
        at.toEpochMilli(),
        error,
        id);
  }

  /** Deletes the oldest queued messages beyond the newest {@code keep}; returns how many. */
  int trim(int keep) {
    return h.execute(
        "DELETE FROM notify_outbox WHERE id IN"
            + " (SELECT id FROM notify_outbox ORDER BY id DESC LIMIT -1 OFFSET ?)",
        keep);
  }

  int queued() {
    return h.createQuery("SELECT COUNT(*) FROM notify_outbox").mapTo(Integer.class).one();
  }
}
