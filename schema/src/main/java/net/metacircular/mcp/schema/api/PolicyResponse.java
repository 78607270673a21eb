package net.metacircular.mcp.schema.api;

import java.util.List;

/**
 * {@code GET /v1/policy} (read token): what this node's agent allows in service files, so that the
 * CLI validates a file against the policy of the node the file names, not against a default of its
 * own.
 *
 * @param node the agent's node name
 * @param servicesRoot the parent of every service's data directory ({@code services_root})
 * @param allowedVolumeRoots further absolute host paths any service may mount ({@code [reconcile]
 *     allowed_volume_roots})
 * @param allowHostNetwork whether {@code network = "host"} or {@code "container:…"} is allowed
 *     ({@code [reconcile] allow_host_network})
 */
public record PolicyResponse(
    String node, String servicesRoot, List<String> allowedVolumeRoots, boolean allowHostNetwork) {

  public PolicyResponse {
    allowedVolumeRoots = allowedVolumeRoots == null ? List.of() : List.copyOf(allowedVolumeRoots);
  }
}
