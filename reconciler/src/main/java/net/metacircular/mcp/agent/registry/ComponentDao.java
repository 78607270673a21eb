package net.metacircular.mcp.agent.registry;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code components} table. */
interface ComponentDao {
  @SqlQuery("SELECT * FROM components ORDER BY service, component")
  List<ComponentRecord> all();

  @SqlQuery("SELECT * FROM components WHERE service = :service ORDER BY component")
  List<ComponentRecord> ofService(@Bind("service") String service);

  @SqlQuery("SELECT * FROM components WHERE service = :service AND component = :component")
  Optional<ComponentRecord> find(
      @Bind("service") String service, @Bind("component") String component);

  /** A new container: the observation of the previous one no longer holds. */
  @SqlUpdate(
      """
      INSERT INTO components (service, component, spec_hash, image, applied_commit, applied_at,
        container_id, spec_json, observed_state, observed_health, state_since)
      VALUES (:service, :component, :specHash, :image, :commit, :now, :containerId, :specJson,
        NULL, NULL, NULL)
      ON CONFLICT (service, component) DO UPDATE SET
        spec_hash = excluded.spec_hash, image = excluded.image,
        applied_commit = excluded.applied_commit, applied_at = excluded.applied_at,
        container_id = excluded.container_id, spec_json = excluded.spec_json,
        observed_state = NULL, observed_health = NULL, state_since = NULL
      """)
  void applied(
      @Bind("service") String service,
      @Bind("component") String component,
      @Bind("specHash") String specHash,
      @Bind("image") String image,
      @Bind("commit") String commit,
      @Bind("containerId") String containerId,
      @Bind("specJson") String specJson,
      @Bind("now") long now);

  /** {@code state_since} moves only when the state or the health changes. */
  @SqlUpdate(
      """
      UPDATE components SET
        state_since = CASE
          WHEN observed_state IS :state AND observed_health IS :health THEN state_since
          ELSE :now END,
        observed_state = :state, observed_health = :health,
        container_id = COALESCE(:containerId, container_id)
      WHERE service = :service AND component = :component
      """)
  int observed(
      @Bind("service") String service,
      @Bind("component") String component,
      @Bind("containerId") String containerId,
      @Bind("state") String state,
      @Bind("health") String health,
      @Bind("now") long now);

  @SqlUpdate("DELETE FROM components WHERE service = :service AND component = :component")
  int delete(@Bind("service") String service, @Bind("component") String component);
}
