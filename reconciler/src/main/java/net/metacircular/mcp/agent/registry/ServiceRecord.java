package net.metacircular.mcp.agent.registry;

import java.time.Instant;
import java.util.Optional;
import net.metacircular.mcp.schema.DeployMode;

/**
 * What the registry holds about a service.
 *
 * @param name the service name
 * @param node the node that applies it
 * @param active false: its containers are stopped and kept
 * @param deployMode auto or manual
 * @param specToml the last good service file's text (kept applying when a newer file fails
 *     validation; printed by {@code mcp service show/export})
 * @param specCommit the commit {@code specToml} came from
 * @param appliedCommit the commit last applied to the containers, once applied
 * @param appliedAt when it was applied; present exactly when {@code appliedCommit} is
 * @param lastError the last error applying or validating the service; absent when healthy
 * @param errorSince since when the service has been failing; present exactly when {@code lastError}
 *     is
 * @param updatedAt when the row last changed
 */
public record ServiceRecord(
    String name,
    String node,
    boolean active,
    DeployMode deployMode,
    String specToml,
    String specCommit,
    Optional<String> appliedCommit,
    Optional<Instant> appliedAt,
    Optional<String> lastError,
    Optional<Instant> errorSince,
    Instant updatedAt) {

  public ServiceRecord {
    Check.name("service name", name);
    Check.text("service " + name + ": node", node);
    Check.present("service " + name + ": deployMode", deployMode);
    Check.present("service " + name + ": specToml", specToml);
    Check.present("service " + name + ": specCommit", specCommit);
    Check.paired("service " + name + ": appliedCommit", appliedCommit, "appliedAt", appliedAt);
    Check.paired("service " + name + ": lastError", lastError, "errorSince", errorSince);
    Check.present("service " + name + ": updatedAt", updatedAt);
  }

  /** True when the last good spec came from a commit that is not yet applied. */
  public boolean specNewerThanApplied() {
    return appliedCommit.map(c -> !c.equals(specCommit)).orElse(true);
  }
}
