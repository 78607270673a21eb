package net.metacircular.mcp.agent.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import net.metacircular.mcp.agent.runtime.ContainerState;
import net.metacircular.mcp.schema.DeployMode;
import net.metacircular.mcp.schema.status.ComponentCondition;
import net.metacircular.mcp.schema.status.Condition;
import net.metacircular.mcp.schema.status.ConditionKind;
import net.metacircular.mcp.schema.status.Failure;
import net.metacircular.mcp.schema.status.FailureClass;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Row mappers from the tables to the records; times are epoch milliseconds. */
final class Rows {
  private Rows() {}

  static void register(Jdbi jdbi) {
    jdbi.registerRowMapper(ServiceRecord.class, service());
    jdbi.registerRowMapper(ComponentRecord.class, component());
    jdbi.registerRowMapper(Event.class, event());
    jdbi.registerRowMapper(SourceState.class, source());
    jdbi.registerRowMapper(ComponentCondition.class, condition());
    jdbi.registerRowMapper(Suspension.class, suspension());
  }

  static RowMapper<Suspension> suspension() {
    return (rs, ctx) ->
        new Suspension(
            rs.getString("target"),
            rs.getString("reason"),
            rs.getString("who"),
            Instant.ofEpochMilli(rs.getLong("since")),
            time(rs, "until"));
  }

  static RowMapper<ServiceRecord> service() {
    return (rs, ctx) ->
        new ServiceRecord(
            rs.getString("name"),
            rs.getString("node"),
            rs.getInt("active") != 0,
            deployMode(rs.getString("deploy_mode")),
            rs.getString("spec_toml"),
            rs.getString("spec_commit"),
            text(rs, "applied_commit"),
            time(rs, "applied_at"),
            text(rs, "last_error"),
            time(rs, "error_since"),
            Instant.ofEpochMilli(rs.getLong("updated_at")));
  }

  static RowMapper<ComponentRecord> component() {
    return (rs, ctx) ->
        new ComponentRecord(
            rs.getString("service"),
            rs.getString("component"),
            rs.getString("spec_hash"),
            rs.getString("image"),
            rs.getString("applied_commit"),
            Instant.ofEpochMilli(rs.getLong("applied_at")),
            text(rs, "container_id"),
            text(rs, "spec_json"),
            text(rs, "observed_state").map(ContainerState::fromPodman),
            text(rs, "observed_health"),
            time(rs, "state_since"));
  }

  static RowMapper<Event> event() {
    return (rs, ctx) ->
        new Event(
            rs.getLong("id"),
            Instant.ofEpochMilli(rs.getLong("at")),
            text(rs, "service"),
            text(rs, "component"),
            EventKind.fromWord(rs.getString("kind")),
            rs.getString("message"),
            text(rs, "commit_id"));
  }

  static RowMapper<SourceState> source() {
    return (rs, ctx) ->
        new SourceState(
            text(rs, "fetched_commit"),
            text(rs, "applied_commit"),
            time(rs, "last_fetch_at"),
            time(rs, "last_success_at"),
            text(rs, "last_error"),
            time(rs, "error_since"),
            text(rs, "error_kind"));
  }

  /** A {@code conditions} row (V003's typed columns, V004's failed spec hash). */
  static RowMapper<ComponentCondition> condition() {
    return (rs, ctx) -> {
      Optional<Failure> failure = Optional.empty();
      Optional<String> failureClass = text(rs, "failure_class");
      if (failureClass.isPresent()) {
        failure =
            Optional.of(
                new Failure(
                    FailureClass.fromWord(failureClass.get())
                        .orElseThrow(
                            () ->
                                new IllegalStateException(
                                    "unknown failure class " + failureClass.get())),
                    rs.getString("failed_action"),
                    rs.getInt("attempts"),
                    Instant.ofEpochMilli(rs.getLong("last_try")),
                    time(rs, "next_retry"),
                    text(rs, "failed_spec_hash")));
      }
      return new ComponentCondition(
          rs.getString("service"),
          rs.getString("component"),
          new Condition(
              ConditionKind.parse(rs.getString("kind")),
              rs.getString("detail"),
              text(rs, "commit_id"),
              failure),
          Instant.ofEpochMilli(rs.getLong("since")));
    };
  }

  static DeployMode deployMode(String word) {
    return DeployMode.valueOf(word.toUpperCase(Locale.ROOT));
  }

  private static Optional<String> text(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getString(column));
  }

  private static Optional<Instant> time(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }
}
