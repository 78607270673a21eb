package net.metacircular.mcp.agent.registry;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code suspensions} table (V004). */
interface SuspensionDao {
  @SqlQuery("SELECT * FROM suspensions ORDER BY target")
  List<Suspension> all();

  @SqlUpdate(
      """
      INSERT INTO suspensions (target, reason, who, since, until)
      VALUES (:target, :reason, :who, :since, :until)
      ON CONFLICT (target) DO UPDATE SET
        reason = excluded.reason, who = excluded.who, since = excluded.since,
        until = excluded.until
      """)
  void put(
      @Bind("target") String target,
      @Bind("reason") String reason,
      @Bind("who") String who,
      @Bind("since") long since,
      @Bind("until") Long until);

  @SqlUpdate("DELETE FROM suspensions WHERE target = :target")
  int remove(@Bind("target") String target);
}
