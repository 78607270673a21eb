package net.metacircular.mcp.agent.registry;

import net.metacircular.mcp.schema.DeployMode;

/**
 * A service file that passed validation: what {@link RegistryAccess#upsertService} stores as the
 * service's last good spec.
 *
 * @param name the service name
 * @param node the node that applies it
 * @param active false: its containers are stopped and kept
 * @param deployMode auto or manual
 * @param specToml the service file's text, verbatim
 * @param specCommit the commit the file was read from
 */
public record ServiceUpsert(
    String name,
    String node,
    boolean active,
    DeployMode deployMode,
    String specToml,
    String specCommit) {

  public ServiceUpsert {
    Check.name("service name", name);
    Check.text("service " + name + ": node", node);
    Check.present("service " + name + ": deployMode", deployMode);
    Check.text("service " + name + ": specToml", specToml);
    Check.commit("service " + name + ": specCommit", specCommit);
  }
}
