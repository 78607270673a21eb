package net.metacircular.mcp.agent.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.metacircular.mcp.agent.registry.ComponentSpecJson;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.schema.ComponentSpec;
import org.jdbi.v3.core.Handle;

/**
 * The SQL of V007's tables (last healthy specs, quarantines, rollout phases) and V008's (soak
 * baselines).
 */
public final class RolloutStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Registry registry;

  public RolloutStore(Registry registry) {
    this.registry = registry;
  }

  public Optional<LastHealthy> lastHealthy(String service) {
    return registry.inTransaction(
        tx ->
            tx.handle()
                .createQuery(
                    "SELECT commit_id, components_json FROM last_healthy WHERE service = ?")
                .bind(0, service)
                .map((rs, ctx) -> new LastHealthy(service, rs.getString(1), specs(rs.getString(2))))
                .findOne());
  }

  /** Every service's last healthy components, by service. */
  Map<String, List<ComponentSpec>> lastHealthySpecs() {
    Map<String, List<ComponentSpec>> out = new TreeMap<>();
    registry.useTransaction(
        tx ->
            tx.handle()
                .createQuery("SELECT service, components_json FROM last_healthy")
                .map((rs, ctx) -> Map.entry(rs.getString(1), specs(rs.getString(2))))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  public void putLastHealthy(LastHealthy h, Instant at) {
    ArrayNode array = JSON.createArrayNode();
    try {
      for (ComponentSpec c : h.components()) {
        array.add(JSON.readTree(ComponentSpecJson.write(c)));
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    registry.useTransaction(
        tx ->
            tx.handle()
                .execute(
                    "INSERT INTO last_healthy (service, commit_id, components_json, at)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (service) DO UPDATE SET"
                        + " commit_id = excluded.commit_id,"
                        + " components_json = excluded.components_json, at = excluded.at",
                    h.service(),
                    h.commit(),
                    array.toString(),
                    at.toEpochMilli()));
  }

  /** Every quarantine, by service. */
  public Map<String, Quarantine> quarantines() {
    Map<String, Quarantine> out = new LinkedHashMap<>();
    registry.useTransaction(
        tx ->
            tx.handle()
                .createQuery(
                    "SELECT service, failed_commit, hashes, reason, halted, since FROM quarantines"
                        + " ORDER BY service")
                .map(
                    (rs, ctx) ->
                        new Quarantine(
                            rs.getString(1),
                            rs.getString(2),
                            hashes(rs.getString(3)),
                            rs.getString(4),
                            rs.getInt(5) != 0,
                            Instant.ofEpochMilli(rs.getLong(6))))
                .forEach(q -> out.put(q.service(), q)));
    return out;
  }

  public void putQuarantine(Quarantine q) {
    StringBuilder lines = new StringBuilder();
    new TreeMap<>(q.hashes()).forEach((c, h) -> lines.append(c).append('=').append(h).append('\n'));
    registry.useTransaction(
        tx ->
            tx.handle()
                .execute(
                    "INSERT INTO quarantines (service, failed_commit, hashes, reason, halted, since)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (service) DO UPDATE SET"
                        + " failed_commit = excluded.failed_commit, hashes = excluded.hashes,"
                        + " reason = excluded.reason, halted = excluded.halted,"
                        + " since = excluded.since",
                    q.service(),
                    q.failedCommit(),
                    lines.toString(),
                    q.reason(),
                    q.halted() ? 1 : 0,
                    q.since().toEpochMilli()));
  }

  public void removeQuarantine(String service) {
    registry.useTransaction(
        tx -> tx.handle().execute("DELETE FROM quarantines WHERE service = ?", service));
  }

  /** Every service's rollout state, by service. */
  public Map<String, RolloutState> states() {
    Map<String, RolloutState> out = new LinkedHashMap<>();
    registry.useTransaction(
        tx ->
            tx.handle()
                .createQuery(
                    "SELECT service, phase, commit_id, since, until, reason, failed_commit"
                        + " FROM rollouts ORDER BY service")
                .map(
                    (rs, ctx) ->
                        new RolloutState(
                            rs.getString(1),
                            Phase.fromWord(rs.getString(2)),
                            rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4)),
                            until(rs.getLong(5), rs.wasNull()),
                            Optional.ofNullable(rs.getString(6)),
                            Optional.ofNullable(rs.getString(7))))
                .forEach(s -> out.put(s.service(), s)));
    return out;
  }

  public void putState(RolloutState s) {
    registry.useTransaction(tx -> put(tx.handle(), s));
  }

  private static void put(Handle h, RolloutState s) {
    h.execute(
        "INSERT INTO rollouts (service, phase, commit_id, since, until, reason, failed_commit)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (service) DO UPDATE SET"
            + " phase = excluded.phase, commit_id = excluded.commit_id, since = excluded.since,"
            + " until = excluded.until, reason = excluded.reason,"
            + " failed_commit = excluded.failed_commit",
        s.service(),
        s.phase().word(),
        s.commit(),
        s.since().toEpochMilli(),
        s.until().map(Instant::toEpochMilli).orElse(null),
        s.reason().orElse(null),
        s.failedCommit().orElse(null));
  }

  /** The baseline of {@code service}'s soak in progress, by component; empty when none is kept. */
  Map<String, Soak.Baseline> baseline(String service) {
    Map<String, Soak.Baseline> out = new TreeMap<>();
    registry.useTransaction(
        tx ->
            tx.handle()
                .createQuery(
                    "SELECT component, container_id, restart_count FROM soak_baselines"
                        + " WHERE service = ?")
                .bind(0, service)
                .map(
                    (rs, ctx) ->
                        Map.entry(
                            rs.getString(1), new Soak.Baseline(rs.getString(2), rs.getInt(3))))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  /** Keeps the baseline of the soak of {@code service} that begins now, in place of any before. */
  void putBaseline(String service, Map<String, Soak.Baseline> baseline) {
    registry.useTransaction(
        tx -> {
          tx.handle().execute("DELETE FROM soak_baselines WHERE service = ?", service);
          baseline.forEach(
              (component, b) ->
                  tx.handle()
                      .execute(
                          "INSERT INTO soak_baselines"
                              + " (service, component, container_id, restart_count)"
                              + " VALUES (?, ?, ?, ?)",
                          service,
                          component,
                          b.id(),
                          b.restartCount()));
        });
  }

  /** The soak of {@code service} ended: its baseline is no longer needed. */
  void removeBaseline(String service) {
    registry.useTransaction(
        tx -> tx.handle().execute("DELETE FROM soak_baselines WHERE service = ?", service));
  }

  /** Forgets what is kept of a service no longer in the registry. */
  public void forget(String service) {
    registry.useTransaction(
        tx -> {
          tx.handle().execute("DELETE FROM rollouts WHERE service = ?", service);
          tx.handle().execute("DELETE FROM quarantines WHERE service = ?", service);
          tx.handle().execute("DELETE FROM last_healthy WHERE service = ?", service);
          tx.handle().execute("DELETE FROM soak_baselines WHERE service = ?", service);
        });
  }

  private static Optional<Instant> until(long millis, boolean missing) {
    return missing ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  private static List<ComponentSpec> specs(String json) {
    List<ComponentSpec> out = new ArrayList<>();
    try {
      for (JsonNode n : JSON.readTree(json)) {
        ComponentSpecJson.read(n.toString()).ifPresent(out::add);
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static Map<String, String> hashes(String lines) {
    Map<String, String> out = new TreeMap<>();
    for (String line : lines.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        out.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return out;
  }
}
