package net.metacircular.mcp.agent.registry;

import java.util.List;
import java.util.Optional;
import net.metacircular.mcp.schema.status.ComponentCondition;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code conditions} table: each component's typed condition (V003) and the spec hash a failure
 * was of (V004), mapped by {@link Rows}.
 */
interface ConditionDao {
  String COLUMNS =
      "service, component, kind, detail, commit_id, since, failure_class, failed_action, attempts,"
          + " last_try, next_retry, failed_spec_hash";

  @SqlQuery("SELECT " + COLUMNS + " FROM conditions ORDER BY service, component")
  List<ComponentCondition> all();

  @SqlQuery(
      "SELECT " + COLUMNS + " FROM conditions WHERE service = :service AND component = :component")
  Optional<ComponentCondition> find(
      @Bind("service") String service, @Bind("component") String component);

  /** {@code since} moves only when the kind changes; everything else is replaced. */
  @SqlUpdate(
      """
      INSERT INTO conditions (service, component, kind, detail, commit_id, since, failure_class,
                              failed_action, attempts, last_try, next_retry, failed_spec_hash)
      VALUES (:service, :component, :kind, :detail, :commit, :now, :failureClass, :failedAction,
              :attempts, :lastTry, :nextRetry, :failedSpecHash)
      ON CONFLICT (service, component) DO UPDATE SET
        since = CASE WHEN kind = excluded.kind THEN since ELSE excluded.since END,
        kind = excluded.kind,
        detail = excluded.detail,
        commit_id = excluded.commit_id,
        failure_class = excluded.failure_class,
        failed_action = excluded.failed_action,
        attempts = excluded.attempts,
        last_try = excluded.last_try,
        next_retry = excluded.next_retry,
        failed_spec_hash = excluded.failed_spec_hash
      """)
  void set(
      @Bind("service") String service,
      @Bind("component") String component,
      @Bind("kind") String kind,
      @Bind("detail") String detail,
      @Bind("commit") String commit,
      @Bind("now") long now,
      @Bind("failureClass") String failureClass,
      @Bind("failedAction") String failedAction,
      @Bind("attempts") Integer attempts,
      @Bind("lastTry") Long lastTry,
      @Bind("nextRetry") Long nextRetry,
      @Bind("failedSpecHash") String failedSpecHash);

  @SqlUpdate("DELETE FROM conditions WHERE service = :service AND component = :component")
  void delete(@Bind("service") String service, @Bind("component") String component);

  @SqlUpdate("DELETE FROM conditions WHERE service = :service")
  void deleteService(@Bind("service") String service);
}
