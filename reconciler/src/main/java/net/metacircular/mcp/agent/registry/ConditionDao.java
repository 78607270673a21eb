package net.metacircular.mcp.agent.registry;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code conditions} table: what was last reported per component. */
interface ConditionDao {
  /** One row. */
  record Row(String service, String component, String condition) {}

  @SqlQuery("SELECT service, component, condition FROM conditions")
  @RegisterConstructorMapper(Row.class)
  List<Row> all();

  /** {@code since} moves only when the condition changes. */
  @SqlUpdate(
      """
      INSERT INTO conditions (service, component, condition, since)
      VALUES (:service, :component, :condition, :now)
      ON CONFLICT (service, component) DO UPDATE SET
        since = CASE WHEN condition = excluded.condition THEN since ELSE excluded.since END,
        condition = excluded.condition
      """)
  void set(
      @Bind("service") String service,
      @Bind("component") String component,
      @Bind("condition") String condition,
      @Bind("now") long now);

  @SqlUpdate("DELETE FROM conditions WHERE service = :service AND component = :component")
  void delete(@Bind("service") String service, @Bind("component") String component);

  @SqlUpdate("DELETE FROM conditions WHERE service = :service")
  void deleteService(@Bind("service") String service);
}
