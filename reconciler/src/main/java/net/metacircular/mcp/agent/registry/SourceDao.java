package net.metacircular.mcp.agent.registry;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The single row of {@code source_state}. */
interface SourceDao {
  @SqlQuery("SELECT * FROM source_state WHERE id = 1")
  SourceState get();

  @SqlUpdate(
      """
      UPDATE source_state SET fetched_commit = :commit, last_fetch_at = :now,
        last_success_at = :now, last_error = NULL, error_since = NULL,
        error_kind = NULL
      WHERE id = 1
      """)
  void fetched(@Bind("commit") String commit, @Bind("now") long now);

  @SqlUpdate(
      """
      UPDATE source_state SET last_fetch_at = :now, last_error = :error,
        error_since = COALESCE(error_since, :now), error_kind = :kind
      WHERE id = 1
      """)
  void failed(@Bind("kind") String kind, @Bind("error") String error, @Bind("now") long now);

  @SqlUpdate("UPDATE source_state SET applied_commit = :commit WHERE id = 1")
  void applied(@Bind("commit") String commit);
}
