package net.metacircular.mcp.agent.registry;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code events} table; newest means highest id (ids follow append order). */
interface EventDao {
  @SqlUpdate(
      """
      INSERT INTO events (at, service, component, kind, message, commit_id)
      VALUES (:at, :service, :component, :kind, :message, :commit)
      """)
  @GetGeneratedKeys("id")
  long append(
      @Bind("at") long at,
      @Bind("service") String service,
      @Bind("component") String component,
      @Bind("kind") String kind,
      @Bind("message") String message,
      @Bind("commit") String commit);

  @SqlQuery(
      """
      SELECT * FROM events
      WHERE (:service IS NULL OR service = :service) AND (:since IS NULL OR at >= :since)
      ORDER BY id DESC LIMIT :limit
      """)
  List<Event> newestFirst(
      @Bind("service") String service, @Bind("since") Long since, @Bind("limit") int limit);

  @SqlQuery(
      """
      SELECT * FROM events
      WHERE (:service IS NULL OR service = :service) AND (:since IS NULL OR at >= :since)
      ORDER BY id ASC LIMIT :limit
      """)
  List<Event> oldestFirst(
      @Bind("service") String service, @Bind("since") Long since, @Bind("limit") int limit);

  @SqlQuery("SELECT * FROM events WHERE id > :after ORDER BY id ASC LIMIT :limit")
  List<Event> after(@Bind("after") long after, @Bind("limit") int limit);

  @SqlUpdate("DELETE FROM events WHERE at < :before")
  int deleteBefore(@Bind("before") long before);
}
