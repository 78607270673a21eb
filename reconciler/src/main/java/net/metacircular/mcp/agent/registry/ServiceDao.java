package net.metacircular.mcp.agent.registry;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code services} table. */
interface ServiceDao {
  @SqlQuery("SELECT * FROM services ORDER BY name")
  List<ServiceRecord> all();

  @SqlQuery("SELECT * FROM services WHERE name = :name")
  Optional<ServiceRecord> find(@Bind("name") String name);

  @SqlUpdate(
      """
      INSERT INTO services (name, node, active, deploy_mode, spec_toml, spec_commit, updated_at)
      VALUES (:name, :node, :active, :deployMode, :specToml, :specCommit, :now)
      ON CONFLICT (name) DO UPDATE SET
        node = excluded.node, active = excluded.active, deploy_mode = excluded.deploy_mode,
        spec_toml = excluded.spec_toml, spec_commit = excluded.spec_commit,
        updated_at = excluded.updated_at
      """)
  void upsert(
      @Bind("name") String name,
      @Bind("node") String node,
      @Bind("active") boolean active,
      @Bind("deployMode") String deployMode,
      @Bind("specToml") String specToml,
      @Bind("specCommit") String specCommit,
      @Bind("now") long now);

  @SqlUpdate(
      """
      UPDATE services SET applied_commit = :commit, applied_at = :now, updated_at = :now
      WHERE name = :name
      """)
  int applied(@Bind("name") String name, @Bind("commit") String commit, @Bind("now") long now);

  /** Sets the error; {@code error_since} keeps the start of an ongoing failure. */
  @SqlUpdate(
      """
      UPDATE services SET last_error = :error,
        error_since = COALESCE(error_since, :now), updated_at = :now
      WHERE name = :name
      """)
  int setError(@Bind("name") String name, @Bind("error") String error, @Bind("now") long now);

  @SqlUpdate(
      """
      UPDATE services SET last_error = NULL, error_since = NULL, updated_at = :now
      WHERE name = :name AND last_error IS NOT NULL
      """)
  int clearError(@Bind("name") String name, @Bind("now") long now);

  @SqlUpdate("DELETE FROM services WHERE name = :name")
  int delete(@Bind("name") String name);
}
